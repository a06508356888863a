/// Settings of a PlanWire server or client transport.
public struct PlanWireConfiguration: Sendable {
    /// The largest message payload accepted, checked from the frame header before buffering
    /// (default 4 MiB). Larger messages get `RESOURCE_EXHAUSTED`.
    public var maxMessageSize: Int = 4 * 1024 * 1024
    /// The largest size a compressed message may inflate to (default 4 MiB).
    public var maxDecompressedSize: Int = 4 * 1024 * 1024
    /// Whether messages this side sends are compressed, and from what size.
    public var compression: Compression = Self.defaultCompression
    /// Whether this side accepts compressed messages from its peer. A call whose messages come
    /// in an encoding the receiver does not accept gets `UNIMPLEMENTED`.
    public var acceptsCompressedMessages = true
    /// How often a client pings the server to check the connection is alive; `nil` for never.
    public var keepaliveInterval: Duration? = .seconds(30)
    /// How long a ping may go unanswered before the connection is closed.
    public var keepaliveTimeout: Duration = .seconds(10)
    /// How long a server waits for a new connection's HELLO, and for the rest of a frame once
    /// its first bytes arrived, before closing the connection.
    public var handshakeTimeout: Duration = .seconds(10)
    /// Server: after this long a connection is told to go away (GOAWAY), so that clients
    /// reconnect and load spreads over replicas; `nil` for no limit.
    public var maxConnectionAge: Duration?
    /// Server: how long calls may still run on a connection past its maximum age, and during a
    /// graceful shutdown.
    public var gracePeriod: Duration = .seconds(30)
    /// Server: the most calls open at once on one connection (default 100, what HTTP/2 servers
    /// commonly advertise as SETTINGS_MAX_CONCURRENT_STREAMS). Announced in HELLO. HEADERS
    /// beyond it are refused at once with `UNAVAILABLE` (the call was not started, so it may be
    /// retried), and nothing is buffered for them.
    public var maxConcurrentCalls: Int = 100
    /// Server: the most bytes of metadata (keys and values) one call's HEADERS may carry
    /// (default 16 KiB). Announced in HELLO. Over it the call is refused with
    /// `RESOURCE_EXHAUSTED`; the connection goes on.
    public var maxMetadataSize: Int = 16 * 1024
    /// Server: the most metadata entries one call's HEADERS may carry (default 64). Announced in
    /// HELLO. Over it the call is refused with `RESOURCE_EXHAUSTED`.
    public var maxMetadataEntries: Int = 64
    /// Server: how long a call opened without a deadline may wait for its first MESSAGE or
    /// HALF_CLOSE before it ends with `DEADLINE_EXCEEDED` (default 10 s; `nil` for ever). A call
    /// with a deadline ends at its deadline.
    public var firstMessageTimeout: Duration? = .seconds(10)
    /// Server: after this long without a call open, a connection is told to go away (the
    /// two-step GOAWAY); `nil` for never (default 5 minutes).
    public var idleTimeout: Duration? = .seconds(300)
    /// How many inbound messages of one call may wait for the code that consumes them (the
    /// server's handler, the client's caller) before the connection stops reading from its
    /// socket until they are taken (default 16).
    public var maxBufferedMessages: Int = 16
    /// The channel's outbound buffer, in bytes: above `high` the channel is not writable and
    /// the connection stops reading from its peer (and writers wait) until it drains below
    /// `low` (default 32 KiB and 64 KiB, NIO's defaults).
    public var writeBufferWaterMarks: (low: Int, high: Int) = (32 * 1024, 64 * 1024)
    /// Server: connections the kernel may hold accepted but not yet taken by the server (the
    /// `listen(2)` backlog; Linux caps it at `net.core.somaxconn`, 4096 by default). Large enough
    /// that a burst of 2,000 connections is not dropped and retried by the clients' SYNs
    /// (default 4096; NIO's default is 256).
    public var listenBacklog: Int = 4096
    /// Server (Linux, glibc): a second after a connection closes, return the heap's free memory
    /// to the system (`malloc_trim`), at most once a second (default on).
    public var releasesMemoryAfterClose = true
    /// Client: whether each call runs on the event loop of its connection (default off: on
    /// Swift's concurrency pool; the gateway turns it on for its backends): its
    /// stream (GRPCCore's request writer, the wait for its responses, the response handler)
    /// runs with that loop as its task executor preference, so it writes and resumes on the
    /// thread where its frames arrive, without a hop between the loop and Swift's concurrency
    /// pool for each frame. The caller's response handler then runs on the loop too, and holds
    /// up every connection of that loop while it works: only for callers whose handlers do
    /// little (BENCHMARKS.md: with 16 calls in flight over one connection, 1.18 times the
    /// calls/s of calls on the pool; alone, 0.94).
    public var runsCallsOnEventLoop = false
    /// Server: whether each call's handler runs on the event loop of its connection (default
    /// off: on Swift's concurrency pool). On the loop a call needs no hop per frame and a
    /// sequential client is answered sooner (1.21 times the calls/s in BENCHMARKS.md), but all
    /// the calls of one connection then share one thread (0.62 times the calls/s with 16 in
    /// flight over one connection, which is how the gateway reaches a backend), and a handler
    /// that blocks its thread (synchronous database I/O, large compressions) holds up every
    /// connection of that loop.
    public var runsHandlersOnEventLoop = false
    /// Client: whether each endpoint gets one connection per event loop of the transport's
    /// group rather than one (default off; the gateway turns it on for its backends). A call
    /// made on an event loop (a handler of the gateway's HTTP front, which runs on its
    /// connection's loop) then goes out on that loop's connection, and with
    /// `runsCallsOnEventLoop` its writes, its responses and the handler's continuation all stay
    /// on one thread; a call from anywhere else takes the connections in turn.
    public var connectsOnEveryEventLoop = false
    /// Client: the first and the longest wait before reconnecting, growing by `backoffMultiplier`.
    public var reconnectBackoff: (initial: Duration, maximum: Duration) = (.milliseconds(100), .seconds(5))
    /// Client: how much each reconnection wait grows.
    public var backoffMultiplier: Double = 1.6

    /// Message compression.
    public enum Compression: Sendable, Equatable {
        /// Messages are sent as they are.
        case disabled
        /// Messages of at least `threshold` bytes are sent deflated.
        case deflate(threshold: Int)
    }

    public init() {}

    /// Messages of 4 KiB or more go deflated.
    public static let defaultCompression = Compression.deflate(threshold: 4096)

    /// Client: compress this side's messages (``defaultCompression``) and accept compressed
    /// answers, or send and ask for every message as it is.
    public mutating func setCompression(enabled on: Bool) {
        compression = on ? Self.defaultCompression : .disabled
        acceptsCompressedMessages = on
    }

    /// The encodings this side can read.
    var acceptEncodings: [String] {
        acceptsCompressedMessages ? [MessageEncoding.identity.rawValue, MessageEncoding.deflate.rawValue] : [MessageEncoding.identity.rawValue]
    }

    /// The version of the protocol this implementation speaks.
    static let protocolVersion: UInt32 = 1
}
