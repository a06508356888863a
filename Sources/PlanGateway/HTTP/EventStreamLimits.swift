import Synchronization

/// The limits of the HTTP front's event streams (`GET /v1/recordings/stream`). A stream holds
/// a watch on every metrics replica for as long as it is open, so streams are counted apart
/// from ordinary requests: at most ``maxStreams`` at once in all and ``maxStreamsPerClient``
/// per client IP address (beyond them, 503 with `Retry-After`); each lives at most ``maxAge``
/// (then it ends and the browser reconnects, resuming where it was), and an idle one gets a
/// comment every ``keepAliveInterval`` so that proxies and the browser keep it open. Opening a
/// stream is a request like any other for the rate limit.
public struct EventStreamLimits: Sendable {
    /// Streams open at once, all clients together: 64.
    public var maxStreams = 64
    /// Streams open at once from one client IP address: 8.
    public var maxStreamsPerClient = 8
    /// The longest a stream stays open before it ends (the browser reconnects): 5 minutes.
    public var maxAge: Duration = .seconds(300)
    /// Time between keep-alive comments: 15 s.
    public var keepAliveInterval: Duration = .seconds(15)
    /// The reconnection delay the stream asks browsers for: 2 s.
    public var retryMilliseconds = 2000

    public init() {}
}

/// The event streams open now, in all and per client, against ``EventStreamLimits``.
final class EventStreamSlots: Sendable {
    let limits: EventStreamLimits
    private let open = Mutex<[String: Int]>([:])

    init(limits: EventStreamLimits) {
        self.limits = limits
    }

    /// Takes a slot for `client`: `nil` when taken, else why not (for the 503's detail).
    func acquire(_ client: String) -> String? {
        open.withLock { open in
            let total = open.values.reduce(0, +)
            if total >= limits.maxStreams {
                return "the gateway has \(limits.maxStreams) event streams open already"
            }
            if open[client, default: 0] >= limits.maxStreamsPerClient {
                return "\(client) has \(limits.maxStreamsPerClient) event streams open already"
            }
            open[client, default: 0] += 1
            return nil
        }
    }

    /// Gives back a slot of `client`.
    func release(_ client: String) {
        open.withLock { open in
            let count = open[client, default: 0] - 1
            open[client] = count > 0 ? count : nil
        }
    }

    /// Streams open now.
    var count: Int { open.withLock { $0.values.reduce(0, +) } }
}
