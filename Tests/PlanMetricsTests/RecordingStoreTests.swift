import Foundation
import GRPCCore
import PlanMetrics
import PlanModel
import PlanAPI
import Testing

/// The fact table of the embedded catalogue, shared by the recording tests.
let factTable = FactTable(catalogue: catalogue)

/// A row of the embedded document to record for.
let recordedRow = factTable.facts[0].row.id

/// A fresh store in memory.
func memoryStore() throws -> SQLiteRecordingStore { try SQLiteRecordingStore(inMemoryFor: factTable) }

/// A path for a database in a fresh temporary folder.
func temporaryDatabase() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plan-metrics-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("metrics.sqlite").path
}

/// A request recording `value` for `row` in `year` under `id`.
func recordRequest(
    _ id: String, row: String = recordedRow, year: Int = 2019, value: Figure = .number(7), by: String = "tester"
) -> RecordActualRequest {
    RecordActualRequest(rowID: row, year: year, value: value, reportedBy: by, sourceNote: "A/74/6", requestID: id)
}

/// The recording tests every store passes; the suites below run each on every kind of store.
enum RecordingContract {
    static func recordsAnActual(_ stores: StoreFactory) throws {
        let store = try stores.fresh()
        let fact = try #require(factTable.fact(rowID: recordedRow))
        let outcome = try store.record(recordRequest("r1", value: .number(12)))
        #expect(!outcome.replayed)
        #expect(outcome.recording.sequence == 1)
        #expect(outcome.recording.tableID == fact.tableID)
        #expect(outcome.recording.programme == fact.programme)
        #expect(outcome.recording.value == .number(12))
        #expect(outcome.recording.previous == .blank)
        #expect(outcome.recording.reportedBy == "tester")
        #expect(outcome.recording.sourceNote == "A/74/6")
        #expect(outcome.recording.recordedAtUnixMicros > 1_500_000_000_000_000)
        #expect(try store.history(rowID: recordedRow) == [outcome.recording])
        #expect(store.currentActuals().figure(rowID: recordedRow, year: 2019) == .number(12))
        #expect(store.currentActuals().figure(rowID: recordedRow, year: 2020) == .blank)
    }

    static func requestIDIsIdempotent(_ stores: StoreFactory) throws {
        let store = try stores.fresh()
        let first = try store.record(recordRequest("same", value: .number(3)))
        let again = try store.record(recordRequest("same", value: .number(3)))
        #expect(again.replayed)
        #expect(again.recording == first.recording)
        expectRPCError(.invalidArgument, naming: "request_id") {
            try store.record(recordRequest("same", value: .number(99)))
        }
        #expect(try store.history(rowID: recordedRow) == [first.recording])
        #expect(store.currentActuals().figure(rowID: recordedRow, year: 2019) == .number(3))
    }

    static func correctionKeepsHistory(_ stores: StoreFactory) throws {
        let store = try stores.fresh()
        let first = try store.record(recordRequest("a", value: .number(5)))
        let other = try store.record(recordRequest("b", year: 2020, value: .dash))
        let correction = try store.record(recordRequest("c", value: .number(6)))
        #expect(correction.recording.previous == .number(5))
        #expect(other.recording.previous == .blank)
        #expect(try store.history(rowID: recordedRow) == [first.recording, other.recording, correction.recording])
        #expect(store.currentActuals().figure(rowID: recordedRow, year: 2019) == .number(6))
        #expect(store.currentActuals().figure(rowID: recordedRow, year: 2020) == .dash)
        let withdrawn = try store.record(recordRequest("d", value: .blank))
        #expect(withdrawn.recording.previous == .number(6))
        #expect(store.currentActuals().figure(rowID: recordedRow, year: 2019) == .blank)
        #expect(try store.recordings(after: first.recording.sequence).map(\.requestID) == ["b", "c", "d"])
    }

    /// Requests no store accepts, with the field each must name.
    static let invalidRequests = [
        (recordRequest(""), "request_id"),
        (recordRequest("x", row: ""), "row_id"),
        (recordRequest("x", year: 2018), "year"),
        (recordRequest("x", year: 2021), "year"),
        (recordRequest("x", value: .number(-1)), "value"),
        (recordRequest("x", value: .number(RecordingRules.maximumFigure + 1)), "value"),
        (recordRequest("x", by: " "), "reported_by"),
        (recordRequest("x", by: String(repeating: "人", count: RecordingLimits.reportedBy + 1)), "reported_by"),
        (recordRequest("x", by: "a\u{0}b"), "reported_by"),
        (recordRequest(String(repeating: "r", count: RecordingLimits.requestID + 1)), "request_id"),
        (recordRequest("x\u{1}"), "request_id"),
        (recordRequest("x", row: String(repeating: "1", count: RecordingLimits.rowID + 1)), "row_id"),
        (
            RecordActualRequest(
                rowID: recordedRow, year: 2019, value: .number(1), reportedBy: "t",
                sourceNote: String(repeating: "n", count: RecordingLimits.sourceNote + 1), requestID: "x"),
            "source_note"
        ),
    ]

    static func rejects(_ stores: StoreFactory) throws {
        let store = try stores.fresh()
        for (request, field) in invalidRequests {
            expectRPCError(.invalidArgument, naming: field) { try store.record(request) }
        }
        // A well-formed recording for a row the document does not have: NOT_FOUND, as for
        // GetFigures; a request wrong in both ways is INVALID_ARGUMENT (its form is checked first).
        expectRPCError(.notFound, naming: "row_id") { try store.record(recordRequest("x", row: "no.such.row")) }
        expectRPCError(.invalidArgument, naming: "year") { try store.record(recordRequest("x", row: "no.such.row", year: 2018)) }
        #expect(try store.history(rowID: recordedRow).isEmpty)
        #expect(try store.recordings(after: 0).isEmpty)
    }

    static func boundsAccepted(_ stores: StoreFactory) throws {
        let store = try stores.fresh()
        let largest = try store.record(recordRequest("max", value: .number(RecordingRules.maximumFigure)))
        _ = try store.record(recordRequest("zero", year: 2020, value: .number(0)))
        #expect(try store.history(rowID: recordedRow).map(\.value) == [.number(RecordingRules.maximumFigure), .number(0)])
        #expect(largest.recording.value == .number(RecordingRules.maximumFigure))
        // Texts at their limits are taken, counted in characters (a Chinese one is three bytes).
        let longest = RecordActualRequest(
            rowID: recordedRow, year: 2019, value: .number(1),
            reportedBy: String(repeating: "人", count: RecordingLimits.reportedBy),
            sourceNote: String(repeating: "注", count: RecordingLimits.sourceNote),
            requestID: String(repeating: "r", count: RecordingLimits.requestID))
        #expect(try store.record(longest).recording.reportedBy.count == RecordingLimits.reportedBy)
    }

    static func concurrentRecordings(_ stores: StoreFactory) async throws {
        let store = try stores.fresh()
        let count = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask { _ = try store.record(recordRequest("task-\(index)", value: .number(index))) }
            }
            try await group.waitForAll()
        }
        let history = try store.history(rowID: recordedRow)
        #expect(history.count == count)
        #expect(Set(history.map(\.requestID)).count == count)
        #expect(history.map(\.sequence) == (1...UInt64(count)).map { $0 })
        expectChained(history)
        #expect(store.currentActuals().figure(rowID: recordedRow, year: 2019) == history.last?.value)
    }

    static func reopens(_ stores: StoreFactory) throws {
        let open = try stores.storage()
        let first = try open()
        let recorded = try first.record(recordRequest("kept", value: .number(41)))
        let reopened = try open()
        #expect(try reopened.history(rowID: recordedRow) == [recorded.recording])
        #expect(reopened.currentActuals().figure(rowID: recordedRow, year: 2019) == .number(41))
        #expect(try reopened.record(recordRequest("kept", value: .number(41))).replayed)
        #expect(try reopened.record(recordRequest("next")).recording.sequence == 2)
    }

    /// Expects each recording of `history` (one row and year, oldest first) to have replaced the
    /// one before it.
    static func expectChained(_ history: [Recording], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(history.first?.previous == .blank, sourceLocation: sourceLocation)
        for (earlier, later) in zip(history, history.dropFirst()) {
            #expect(later.previous == earlier.value, sourceLocation: sourceLocation)
        }
    }
}

@Suite("Recording actuals (SQLite)")
struct RecordingStoreTests {
    @Test("A recording is returned with its row's table and programme, and is the current actual", arguments: StoreFactory.sqlite)
    func recordsAnActual(_ stores: StoreFactory) throws { try RecordingContract.recordsAnActual(stores) }

    @Test("The same request id twice is one recording: the first is returned, replayed", arguments: StoreFactory.sqlite)
    func requestIDIsIdempotent(_ stores: StoreFactory) throws { try RecordingContract.requestIDIsIdempotent(stores) }

    @Test("A correction supersedes the value; the history keeps both, oldest first", arguments: StoreFactory.sqlite)
    func correctionKeepsHistory(_ stores: StoreFactory) throws { try RecordingContract.correctionKeepsHistory(stores) }

    @Test("Invalid recordings are INVALID_ARGUMENT naming the field", arguments: StoreFactory.sqlite)
    func rejects(_ stores: StoreFactory) throws { try RecordingContract.rejects(stores) }

    @Test("The largest accepted figure and 0 are recorded", arguments: StoreFactory.sqlite)
    func boundsAccepted(_ stores: StoreFactory) throws { try RecordingContract.boundsAccepted(stores) }

    @Test("Concurrent recordings of one row from many tasks are all kept, each superseding the one before", arguments: [StoreFactory.sqliteFile])
    func concurrentRecordings(_ stores: StoreFactory) async throws { try await RecordingContract.concurrentRecordings(stores) }

    @Test("A file database keeps recordings across reopening", arguments: [StoreFactory.sqliteFile])
    func reopens(_ stores: StoreFactory) throws { try RecordingContract.reopens(stores) }
}

/// The same tests against PostgreSQL; skipped, visibly, when PLAN_TEST_POSTGRES_URL is not set.
@Suite("Recording actuals (PostgreSQL)", .enabled(if: StoreFactory.postgres != nil, StoreFactory.postgresSkipped))
struct PostgresRecordingStoreTests {
    @Test("A recording is returned with its row's table and programme, and is the current actual")
    func recordsAnActual() throws { try RecordingContract.recordsAnActual(StoreFactory.requirePostgres()) }

    @Test("The same request id twice is one recording: the first is returned, replayed")
    func requestIDIsIdempotent() throws { try RecordingContract.requestIDIsIdempotent(StoreFactory.requirePostgres()) }

    @Test("A correction supersedes the value; the history keeps both, oldest first")
    func correctionKeepsHistory() throws { try RecordingContract.correctionKeepsHistory(StoreFactory.requirePostgres()) }

    @Test("Invalid recordings are INVALID_ARGUMENT naming the field")
    func rejects() throws { try RecordingContract.rejects(StoreFactory.requirePostgres()) }

    @Test("The largest accepted figure and 0 are recorded")
    func boundsAccepted() throws { try RecordingContract.boundsAccepted(StoreFactory.requirePostgres()) }

    @Test("Concurrent recordings of one row from many tasks are all kept, each superseding the one before")
    func concurrentRecordings() async throws { try await RecordingContract.concurrentRecordings(StoreFactory.requirePostgres()) }

    @Test("A database keeps recordings across reopening")
    func reopens() throws { try RecordingContract.reopens(StoreFactory.requirePostgres()) }
}

@Suite("Metrics with recorded actuals")
struct RecordedMetricsTests {
    @Test("A recording counts in figures, aggregates and implementation rates at once")
    func metricsIncludeRecordingAtOnce() throws {
        let service = MetricsService(table: factTable, store: try memoryStore())
        let fact = try #require(factTable.facts.first { $0.row.planned2019.countedValue.map { $0 > 0 } ?? false })
        let cut = [Cut(dimension: .unit, values: [fact.unitID])]
        let before = try service.aggregate(AggregateRequest(column: .actual2019, drilldowns: [], cuts: cut))
        #expect(before.summary.allSatisfy { $0.countReported == 0 })

        let recorded = try service.recordActual(recordRequest("m1", row: fact.row.id, value: .number(1234)))
        #expect(!recorded.replayed)

        let figures = try service.getFigures(GetFiguresRequest(target: .rowID(fact.row.id)))
        #expect(figures.rows.first?.actual2019 == .number(1234))
        let after = try service.aggregate(AggregateRequest(column: .actual2019, drilldowns: [], cuts: cut))
        let cell = try #require(after.summary.first { $0.measure == fact.measure })
        #expect(cell.sum == 1234)
        #expect(cell.countReported == 1)
        let rate = try service.implementationRate(ImplementationRateRequest(year: 2019, drilldowns: [], cuts: cut))
        #expect(rate.cells.contains { $0.actual == 1234 && $0.rowsCompared == 1 })

        let history = try service.rowHistory(RowHistoryRequest(rowID: fact.row.id))
        #expect(history.recordings == [recorded.recording])
        #expect(history.current.actual2019 == .number(1234))
    }

    @Test("RowHistory pages oldest first; NOT_FOUND for an unknown row")
    func rowHistoryPages() throws {
        let service = MetricsService(table: factTable, store: try memoryStore())
        for index in 0..<5 { _ = try service.recordActual(recordRequest("h\(index)", value: .number(index))) }
        let all = try walk(pageSize: 2) { size, token throws(RPCError) in
            let page = try service.rowHistory(RowHistoryRequest(rowID: recordedRow, pageSize: size, pageToken: token))
            return (page.recordings, page.nextPageToken)
        }
        #expect(all.map(\.value) == (0..<5).map { Figure.number($0) })
        expectRPCError(.notFound, naming: "nope") { try service.rowHistory(RowHistoryRequest(rowID: "nope")) }
    }
}

