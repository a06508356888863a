import Foundation
import GRPCCore
import PlanMetrics
import PlanModel
import PlanAPI
import Testing

/// The tests of stores sharing one storage (replicas), run on every kind that can share.
enum SharedStorageContract {
    static func twoWriters(_ stores: StoreFactory) throws {
        let open = try stores.storage()
        let a = try open()
        let b = try open()
        let other = factTable.facts[1].row.id
        _ = try a.record(recordRequest("from-a", value: .number(5)))
        _ = try b.record(recordRequest("from-b", row: other, value: .dash))
        _ = try a.record(recordRequest("from-a-again", value: .number(6)))
        for store in [a, b] {
            let actuals = store.currentActuals()
            #expect(actuals.figure(rowID: recordedRow, year: 2019) == .number(6))
            #expect(actuals.figure(rowID: other, year: 2019) == .dash)
        }
        #expect(try b.history(rowID: recordedRow).map(\.requestID) == ["from-a", "from-a-again"])
        // The same request id through the other replica is a replay, not a second recording.
        #expect(try b.record(recordRequest("from-a", value: .number(5))).replayed)
        expectRPCError(.invalidArgument, naming: "request_id") { try b.record(recordRequest("from-a", value: .number(9))) }
    }

    static func concurrentReplicas(_ stores: StoreFactory) async throws {
        let open = try stores.storage()
        let replicas = [try open(), try open()]
        let count = 60
        let rows = factTable.facts.prefix(count).map(\.row.id)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    let through = replicas[index % 2]
                    let other = replicas[(index + 1) % 2]
                    // One row recorded by every task, through both replicas at once.
                    _ = try through.record(recordRequest("same-row-\(index)", value: .number(index)))
                    // A row of its own: the other replica has it as soon as this one answered.
                    let own = try through.record(recordRequest("own-\(index)", row: rows[index], year: 2020, value: .number(index)))
                    #expect(!own.replayed)
                    #expect(other.currentActuals().figure(rowID: rows[index], year: 2020) == .number(index))
                }
            }
            try await group.waitForAll()
        }
        let history = try replicas[1].history(rowID: recordedRow).filter { $0.year == 2019 }
        #expect(history.count == count)
        RecordingContract.expectChained(history)
        let all = try replicas[0].recordings(after: 0)
        #expect(all.map(\.sequence) == (1...UInt64(2 * count)).map { $0 })
        for replica in replicas {
            #expect(replica.currentActuals().figure(rowID: recordedRow, year: 2019) == history.last?.value)
        }
    }

    static func sameRequestIDOnTwoReplicas(_ stores: StoreFactory) async throws {
        let open = try stores.storage()
        let a = try open()
        let b = try open()
        for index in 0..<20 {
            let request = recordRequest("both-\(index)", value: .number(index))
            async let throughA = Task { try a.record(request) }.value
            async let throughB = Task { try b.record(request) }.value
            let answers = try await [throughA, throughB]
            #expect(answers.filter(\.replayed).count == 1)
            #expect(answers[0].recording == answers[1].recording)
        }
        #expect(try a.history(rowID: recordedRow).count == 20)
    }
}

@Suite("Recording stores sharing one file (SQLite)")
struct SharedFileTests {
    @Test("Two stores on one database file (two replicas) see each other's recordings at their next read")
    func twoWriters() throws { try SharedStorageContract.twoWriters(.sqliteFile) }

    @Test("Concurrent recordings through two replicas: one row's recordings chain, each replica reads the other's at once")
    func concurrentReplicas() async throws { try await SharedStorageContract.concurrentReplicas(.sqliteFile) }

    @Test("The same request id sent to two replicas at once is recorded once")
    func sameRequestIDOnTwoReplicas() async throws { try await SharedStorageContract.sameRequestIDOnTwoReplicas(.sqliteFile) }
}

/// The same against PostgreSQL, plus what only it does: other replicas' recordings in the feed.
@Suite("Recording stores sharing one database (PostgreSQL)", .enabled(if: StoreFactory.postgres != nil, StoreFactory.postgresSkipped))
struct SharedPostgresTests {
    @Test("Two stores on one database (two replicas) see each other's recordings at their next read")
    func twoWriters() throws { try SharedStorageContract.twoWriters(StoreFactory.requirePostgres()) }

    @Test("Concurrent recordings through two replicas: one row's recordings chain, each replica reads the other's at once")
    func concurrentReplicas() async throws {
        try await SharedStorageContract.concurrentReplicas(StoreFactory.requirePostgres())
    }

    @Test("The same request id sent to two replicas at once is recorded once")
    func sameRequestIDOnTwoReplicas() async throws {
        try await SharedStorageContract.sameRequestIDOnTwoReplicas(StoreFactory.requirePostgres())
    }

    @Test("A third replica's feed carries the recordings of two others, each once, in sequence order, without a read")
    func feedCarriesOtherReplicas() async throws {
        let open = try StoreFactory.requirePostgres().storage()
        let (a, b, watcher) = (try open(), try open(), try open())
        let subscription = watcher.feed.subscribe()
        let perReplica = 30
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, store) in [("a", a), ("b", b)] {
                group.addTask {
                    for index in 0..<perReplica {
                        let row = factTable.facts[index % 5].row.id
                        _ = try store.record(recordRequest("\(name)-\(index)", row: row, value: .number(index)))
                    }
                }
            }
            try await group.waitForAll()
        }
        let received = await collect(2 * perReplica, from: subscription, within: .seconds(10))
        #expect(received.map(\.sequence) == (1...UInt64(2 * perReplica)).map { $0 })
        #expect(Set(received.map(\.requestID)).count == 2 * perReplica)
    }

    @Test("An unreachable server is UNAVAILABLE within the timeout")
    func unreachable() throws {
        var location = try #require(StoreFactory.postgresLocation)
        location.port = 1
        expectRPCError(.unavailable, naming: "PostgreSQL") {
            try PostgresRecordingStore(location: location, table: factTable, timeout: .seconds(2))
        }
    }
}

@Suite("PostgreSQL locations")
struct PostgresLocationTests {
    @Test("A URL's password is never printed")
    func redactsPassword() throws {
        let location = try PostgresLocation(url: "postgres://plan:s%40cret@db.example:6543/plans?schema=metrics")
        #expect(location.password == "s@cret" && location.host == "db.example" && location.port == 6543)
        #expect(location.database == "plans" && location.schema == "metrics")
        #expect(!location.description.contains("cret"))
        #expect(location.description == "postgres://plan:***@db.example:6543/plans?schema=metrics")
        #expect(PostgresLocation.redacting("at postgres://u:pw@h/db failed") == "at postgres://u:***@h/db failed")
        do {
            _ = try PostgresLocation(url: "postgres://u:secret@h/db?bogus=1")
            Issue.record("an unknown parameter was accepted")
        } catch { #expect(!error.description.contains("secret")) }
    }
}

/// Up to `count` recordings from `subscription`, waiting at most `limit`.
func collect(_ count: Int, from subscription: RecordingFeed.Subscription, within limit: Duration) async -> [Recording] {
    await withTaskGroup(of: [Recording]?.self) { group in
        group.addTask {
            var received: [Recording] = []
            for await recording in subscription.recordings {
                received.append(recording)
                if received.count == count { break }
            }
            return received
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        var result: [Recording] = []
        for await outcome in group {
            if let outcome { result = outcome }
            group.cancelAll()
        }
        return result
    }
}
