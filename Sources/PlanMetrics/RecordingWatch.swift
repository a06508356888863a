import GRPCCore
import PlanModel
import PlanAPI

/// One WatchRecordings call: the earlier recordings it resumes from, then the new ones as they
/// are committed, each once and in sequence order, filtered by programme, table and row.
public struct RecordingWatch: Sendable {
    let request: WatchRecordingsRequest
    let backlog: [Recording]
    let subscription: RecordingFeed.Subscription

    /// Whether `recording` passes the request's filters.
    func selects(_ recording: Recording) -> Bool {
        (request.programmeID.isEmpty || request.programmeID == Programme.id(recording.programme))
            && (request.tableID.isEmpty || request.tableID == recording.tableID)
            && (request.rowID.isEmpty || request.rowID == recording.rowID)
    }

    /// Sends the selected recordings to `send` until the task is cancelled. RESOURCE_EXHAUSTED
    /// naming the last sequence sent (the `after_sequence` to resume with) when the watcher
    /// fell behind the recordings.
    public func run(_ send: (Recording) async throws -> Void) async throws {
        var last = request.afterSequence ?? 0
        for recording in backlog where recording.sequence > last {
            if selects(recording) { try await send(recording) }
            last = recording.sequence
        }
        for await recording in subscription.recordings where recording.sequence > last {
            if selects(recording) { try await send(recording) }
            last = recording.sequence
        }
        if subscription.fellBehind {
            throw RPCError(
                code: .resourceExhausted,
                message: "the watch fell behind the recordings; resume with after_sequence \(last)")
        }
    }
}
