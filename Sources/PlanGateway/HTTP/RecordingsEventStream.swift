import GRPCCore
import PlanAPI
import PlanPresentation

/// One `GET /v1/recordings/stream` as a state machine: it takes what happens (a recording from
/// a replica's WatchRecordings, a replica's watch ending, a keep-alive tick) and says what to
/// write (Server-Sent Events text) and when to end. No I/O: ``RecordingsStreamRoute`` feeds it.
///
/// The gateway watches every metrics replica at once (replicas sharing a SQLite file each
/// stream only their own recordings; replicas on PostgreSQL each stream all of them), so the
/// same recording may come from several replicas: each sequence is sent once (the last
/// ``memory`` sequences are remembered). An event's `id` is the recording's sequence, so a
/// browser that reconnects sends it back as `Last-Event-ID` and the watch resumes after it
/// (WatchRecordings' `after_sequence`). Any replica's watch ending ends the stream — the
/// browser reconnects and resumes on the replicas there are then — as does the stream's
/// maximum age (the upstream calls' deadline) and the gateway's graceful shutdown.
struct RecordingsEventStream {
    /// What happens to the stream.
    enum Event: Sendable {
        /// A replica sent a recording.
        case recording(Recording)
        /// A replica's watch ended: `nil` when it finished, else its error.
        case upstreamEnded(RPCError?)
        /// The keep-alive interval passed.
        case tick
        /// The gateway is shutting down gracefully.
        case shutdown
    }

    /// What to do.
    enum Action: Equatable {
        /// Write this text.
        case write(String)
        /// Write this text (when not empty) and end the stream.
        case finish(String)
        /// Nothing.
        case none
    }

    /// How many sequences are remembered to drop repeats; repeats come within moments of each
    /// other, from replicas streaming the same commit.
    let memory: Int
    private var sent: Set<UInt64> = []
    private var order: [UInt64] = []
    private(set) var finished = false

    init(memory: Int = 4096) {
        self.memory = memory
    }

    /// The text the stream starts with: the reconnection delay the browser should use.
    static func opening(retryMilliseconds: Int) -> String {
        "retry: \(retryMilliseconds)\n\n"
    }

    mutating func handle(_ event: Event) -> Action {
        guard !finished else { return .none }
        switch event {
        case .recording(let recording):
            guard sent.insert(recording.sequence).inserted else { return .none }
            order.append(recording.sequence)
            if order.count > memory { sent.remove(order.removeFirst()) }
            return .write(Self.event(recording))
        case .upstreamEnded(let error):
            finished = true
            guard let error else { return .finish("") }
            return .finish(Self.comment("the watch ended: \(error.code) \(error.message); reconnect to resume"))
        case .tick:
            return .write(Self.comment("keep-alive"))
        case .shutdown:
            finished = true
            return .finish(Self.comment("the gateway is shutting down; reconnect to resume"))
        }
    }

    /// The event of a recording: `id` its sequence, `event: recording`, the recording's JSON
    /// (the same as in `POST /v1/actuals`' answer) as `data`.
    static func event(_ recording: Recording) -> String {
        let json = (try? JSONMapping.encode(recording)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "id: \(recording.sequence)\nevent: recording\ndata: \(json)\n\n"
    }

    /// An SSE comment line (ignored by browsers; keeps proxies and the connection alive). Line
    /// breaks in `text` are replaced so that it stays one comment.
    static func comment(_ text: String) -> String {
        ": " + text.split(whereSeparator: \.isNewline).joined(separator: " ") + "\n\n"
    }

    /// The sequence to resume after, from `Last-Event-ID` (or the `last_event_id` query
    /// parameter, for clients that cannot set headers): `nil` when absent or empty, a 400 naming
    /// it when it is not a sequence.
    static func resumePoint(_ text: String?, parameter: String) throws(HTTPProblem) -> UInt64? {
        guard let text, !text.isEmpty else { return nil }
        guard text.utf8.count <= 20, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let sequence = UInt64(text) else {
            throw .badParameter(parameter, "'\(parameter)' must be a recording sequence (digits), not '\(text.prefix(40))'")
        }
        return sequence
    }

    /// Whether the stream may start with the replicas' answers to the opening call: the count of
    /// watches to read when at least one replica accepted and none refused the request itself
    /// (a replica that is UNAVAILABLE is left out: it records nothing while it is down); the
    /// refusal otherwise (NOT_FOUND for an id the document has not, UNAVAILABLE when no
    /// replica accepted).
    static func opening(_ answers: [RPCError?]) -> Result<Int, RPCError> {
        if let refusal = answers.compactMap({ $0 }).first(where: { $0.code != .unavailable }) {
            return .failure(refusal)
        }
        let accepted = answers.filter { $0 == nil }.count
        guard accepted > 0 else {
            return .failure(
                answers.compactMap { $0 }.first
                    ?? RPCError(code: .unavailable, message: "no replica of \(PlanContract.metricsService) is available"))
        }
        return .success(accepted)
    }
}
