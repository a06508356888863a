import GRPCCore
import PlanMetrics
import PlanModel
import PlanWire
import PlanAPI
import PlanProtobuf
import Testing

@Suite("Watching recordings")
struct WatchRecordingsTests {
    /// Two rows of different programmes.
    let rowHere = factTable.facts[0]
    let rowElsewhere = factTable.facts.first { $0.programme != factTable.facts[0].programme }!

    @Test("A watch over loopback resumes after a sequence, then follows new recordings of its programme only")
    func watchOverPlanWire() async throws {
        let store = try memoryStore()
        let metrics = MetricsService(table: factTable, store: store)
        let seen = try store.record(recordRequest("before-1", row: rowHere.row.id)).recording
        _ = try store.record(recordRequest("before-2", row: rowHere.row.id, value: .number(8)))
        let server = PlanWireServerTransport(host: "127.0.0.1", port: 0)
        try await withGRPCServer(transport: server, services: [metrics]) { _ in
            let port = try #require(try await server.listeningAddress.port)
            let client = PlanWireClientTransport(endpoints: [Endpoint(host: "127.0.0.1", port: port)])
            try await withGRPCClient(transport: client) { client in
                let request = WatchRecordingsRequest(
                    programmeID: Programme.id(rowHere.programme), afterSequence: seen.sequence)
                let watched = try await client.serverStreaming(
                    request: ClientRequest(message: request), descriptor: Plan_V1_Metrics.Method.WatchRecordings.descriptor,
                    serializer: ProtobufSerializer<WatchRecordingsRequest>(),
                    deserializer: ProtobufDeserializer<Recording>(), options: .defaults
                ) { response in
                    var recordings: [Recording] = []
                    for try await recording in response.messages {
                        recordings.append(recording)
                        if recordings.count == 1 {
                            // Subscribed by now (the backlog came): record elsewhere, then here.
                            _ = try store.record(recordRequest("elsewhere", row: rowElsewhere.row.id))
                            _ = try store.record(recordRequest("after", row: rowHere.row.id, year: 2020))
                        }
                        if recordings.count == 2 { break }
                    }
                    return recordings
                }
                #expect(watched.map(\.requestID) == ["before-2", "after"])
                #expect(watched[1].year == 2020 && watched[1].rowID == rowHere.row.id)
                #expect(watched[0].sequence < watched[1].sequence)
            }
        }
        #expect(store.feed.subscriberCount == 0)
    }

    @Test("Without after_sequence a watch sees only recordings made after it began, each once")
    func watchFromNow() async throws {
        let store = try memoryStore()
        let metrics = MetricsService(table: factTable, store: store)
        _ = try store.record(recordRequest("old"))
        let watch = try metrics.watchRecordings(WatchRecordingsRequest(rowID: rowHere.row.id))
        for index in 0..<3 { _ = try store.record(recordRequest("new-\(index)", row: rowHere.row.id)) }
        _ = try store.record(recordRequest("other-row", row: rowElsewhere.row.id))
        var received: [String] = []
        do {
            try await watch.run { recording in
                received.append(recording.requestID)
                if received.count == 3 { throw CancellationError() }
            }
            Issue.record("the watch ended by itself")
        } catch is CancellationError {}
        #expect(received == ["new-0", "new-1", "new-2"])
    }

    @Test("Filters naming ids the document does not have are NOT_FOUND naming the field")
    func badFilters() throws {
        let metrics = MetricsService(table: factTable, store: try memoryStore())
        expectRPCError(.notFound, naming: "programme_id") {
            try metrics.watchRecordings(WatchRecordingsRequest(programmeID: "p99"))
        }
        expectRPCError(.notFound, naming: "table_id") {
            try metrics.watchRecordings(WatchRecordingsRequest(tableID: "99.9"))
        }
        expectRPCError(.notFound, naming: "row_id") {
            try metrics.watchRecordings(WatchRecordingsRequest(rowID: "6.1.r999"))
        }
        expectRPCError(.unimplemented, naming: "storage") {
            try service.watchRecordings(WatchRecordingsRequest())
        }
    }

    @Test("A subscriber that falls behind is ended, told so, rather than losing recordings silently")
    func fallingBehind() async throws {
        let feed = RecordingFeed(bufferLimit: 2)
        let subscription = feed.subscribe()
        let recording = try memoryStore().record(recordRequest("r")).recording
        for _ in 0..<3 { feed.publish(recording) }
        var count = 0
        for await _ in subscription.recordings { count += 1 }
        #expect(count == 2)
        #expect(subscription.fellBehind)
        #expect(feed.subscriberCount == 0)
    }
}
