import GRPCCore
import PlanModel
import PlanWire

extension MetricsService {
    /// Records an actual for a row and 2019 or 2020 in the store; the same request id again
    /// returns the first recording with `replayed` set. INVALID_ARGUMENT naming the field for a
    /// request the store's ``RecordingRules`` reject; UNIMPLEMENTED without a store.
    public func recordActual(_ request: RecordActualRequest) throws(RPCError) -> RecordActualResponse {
        let outcome = try recordingStore().record(request)
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

    /// The store; UNIMPLEMENTED if the service has none.
    private func recordingStore() throws(RPCError) -> any RecordingStore {
        guard let store else { throw RPCError(code: .unimplemented, message: Self.recordingUnimplemented) }
        return store
    }
}
