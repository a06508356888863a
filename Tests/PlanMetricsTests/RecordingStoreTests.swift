import Foundation
import GRPCCore
import PlanMetrics
import PlanModel
import PlanWire
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

@Suite("Recording actuals")
struct RecordingStoreTests {
    @Test("A recording is returned with its row's table and programme, and is the current actual")
    func recordsAnActual() throws {
        let store = try memoryStore()
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
        #expect(store.currentActuals().figure(rowID: recordedRow, year: 2019) == .number(12))
        #expect(store.currentActuals().figure(rowID: recordedRow, year: 2020) == .blank)
    }

    @Test("The same request id twice is one recording: the first is returned, replayed")
    func requestIDIsIdempotent() throws {
        let store = try memoryStore()
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

    @Test("A correction supersedes the value; the history keeps both, oldest first")
    func correctionKeepsHistory() throws {
        let store = try memoryStore()
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
    }

    @Test(
        "Invalid recordings are INVALID_ARGUMENT naming the field",
        arguments: [
            (recordRequest(""), "request_id"),
            (recordRequest("x", row: "no.such.row"), "row_id"),
            (recordRequest("x", row: ""), "row_id"),
            (recordRequest("x", year: 2018), "year"),
            (recordRequest("x", year: 2021), "year"),
            (recordRequest("x", value: .number(-1)), "value"),
            (recordRequest("x", value: .number(RecordingRules.maximumFigure + 1)), "value"),
            (recordRequest("x", by: " "), "reported_by"),
        ])
    func rejects(request: RecordActualRequest, field: String) throws {
        let store = try memoryStore()
        expectRPCError(.invalidArgument, naming: field) { try store.record(request) }
        #expect(try store.history(rowID: recordedRow).isEmpty)
    }

    @Test("The largest accepted figure and 0 are recorded")
    func boundsAccepted() throws {
        let store = try memoryStore()
        _ = try store.record(recordRequest("max", value: .number(RecordingRules.maximumFigure)))
        _ = try store.record(recordRequest("zero", year: 2020, value: .number(0)))
        #expect(try store.history(rowID: recordedRow).count == 2)
    }

    @Test("Concurrent recordings of one row from many tasks are all kept, each superseding the one before")
    func concurrentRecordings() async throws {
        let store = try SQLiteRecordingStore(path: try temporaryDatabase(), table: factTable)
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
        // Each recording replaced exactly the one recorded before it.
        #expect(history.first?.previous == .blank)
        for (earlier, later) in zip(history, history.dropFirst()) { #expect(later.previous == earlier.value) }
        #expect(store.currentActuals().figure(rowID: recordedRow, year: 2019) == history.last?.value)
    }

    @Test("A file database keeps recordings across reopening")
    func reopens() throws {
        let path = try temporaryDatabase()
        let first = try SQLiteRecordingStore(path: path, table: factTable)
        let recorded = try first.record(recordRequest("kept", value: .number(41)))
        let reopened = try SQLiteRecordingStore(path: path, table: factTable)
        #expect(try reopened.history(rowID: recordedRow) == [recorded.recording])
        #expect(reopened.currentActuals().figure(rowID: recordedRow, year: 2019) == .number(41))
        #expect(try reopened.record(recordRequest("kept", value: .number(41))).replayed)
        #expect(try reopened.record(recordRequest("next")).recording.sequence == 2)
    }
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

        let figures = try service.getFigures(GetFiguresRequest(.row(fact.row.id)))
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

@Suite("Recording stores sharing one file")
struct SharedFileTests {
    @Test("Two stores on one database file (two replicas) see each other's recordings at their next read")
    func twoWriters() throws {
        let path = try temporaryDatabase()
        let a = try SQLiteRecordingStore(path: path, table: factTable)
        let b = try SQLiteRecordingStore(path: path, table: factTable)
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
    }
}
