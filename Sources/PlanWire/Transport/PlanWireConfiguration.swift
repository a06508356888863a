/// Settings of a PlanWire server or client transport.
public struct PlanWireConfiguration: Sendable {
    /// The largest message payload accepted, checked from the frame header before buffering
    /// (default 4 MiB). Larger messages get `RESOURCE_EXHAUSTED`.
    public var maxMessageSize: Int = 4 * 1024 * 1024
    /// The largest size a compressed message may inflate to (default 4 MiB).
    public var maxDecompressedSize: Int = 4 * 1024 * 1024
    /// Whether messages this side sends are compressed, and from what size.
    public var compression: Compression = .deflate(threshold: 4096)
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

    /// The encodings this side can read.
    var acceptEncodings: [String] {
        acceptsCompressedMessages ? [MessageEncoding.identity.rawValue, MessageEncoding.deflate.rawValue] : [MessageEncoding.identity.rawValue]
    }

    /// The version of the protocol this implementation speaks.
    static let protocolVersion: UInt32 = 1
}
