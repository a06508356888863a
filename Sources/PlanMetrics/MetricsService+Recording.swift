import GRPCCore
import Metrics
import PlanModel
import PlanAPI

extension MetricsService {
    /// Records an actual for a row and 2019 or 2020 in the store; the same request id again
    /// returns the first recording with `replayed` set. INVALID_ARGUMENT naming the field for a
    /// request the store's ``RecordingRules`` reject; UNIMPLEMENTED without a store. Each new
    /// recording (not a replay) counts in the counter `plan_recordings_written_total`.
    public func recordActual(_ request: RecordActualRequest) throws(RPCError) -> RecordActualResponse {
        let outcome = try recordingStore().record(request)
        if !outcome.replayed { Counter(label: Self.recordingsWrittenMetric).increment() }
        return RecordActualResponse(recording: outcome.recording, replayed: outcome.replayed)
    }

    /// A row's figures now and its recordings, oldest first, a page at a time; NOT_FOUND naming
    /// the id for an unknown row, UNIMPLEMENTED without a store.
    public func rowHistory(_ request: RowHistoryRequest) throws(RPCError) -> RowHistoryResponse {
        let store = try recordingStore()
        guard let fact = table.fact(rowID: request.rowID) else {
            throw RPCError(code: .notFound, message: "no row has id '\(request.rowID)'")
        }
        let recordings = try store.history(rowID: request.rowID)
        let page = try pagination.page(
            of: recordings, pageSize: request.pageSize, pageToken: request.pageToken,
            filters: "history|\(request.rowID)")
        return RowHistoryResponse(
            current: rowFigures(fact, store.currentActuals()), recordings: page.items,
            nextPageToken: page.nextPageToken)
    }

    /// A watch of the recordings `request` selects, subscribed before this returns so that
    /// nothing committed afterwards is missed. NOT_FOUND naming `programme_id`, `table_id` or
    /// `row_id` for an id the document does not have (a programme or table without rows is
    /// watched, and sees nothing); UNIMPLEMENTED without a store.
    public func watchRecordings(_ request: WatchRecordingsRequest) throws(RPCError) -> RecordingWatch {
        let store = try recordingStore()
        let filters: [(known: Bool, key: String, field: String)] = [
            (table.isCatalogueProgramme(request.programmeID), request.programmeID, "programme_id"),
            (table.isCatalogueTable(request.tableID), request.tableID, "table_id"),
            (table.fact(rowID: request.rowID) != nil, request.rowID, "row_id"),
        ]
        for (known, key, field) in filters where !key.isEmpty && !known {
            throw RPCError(code: .notFound, message: "\(field): the document has no '\(key)'")
        }
        let subscription = store.feed.subscribe()
        let backlog = try request.afterSequence.map { sequence throws(RPCError) in try store.recordings(after: sequence) }
        return RecordingWatch(request: request, backlog: backlog ?? [], subscription: subscription)
    }

    /// The counter of recordings written (replays not counted).
    public static let recordingsWrittenMetric = "plan_recordings_written_total"

    /// The store; UNIMPLEMENTED if the service has none.
    private func recordingStore() throws(RPCError) -> any RecordingStore {
        guard let store else { throw RPCError(code: .unimplemented, message: Self.recordingUnimplemented) }
        return store
    }
}
