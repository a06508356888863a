import HummingbirdCore

/// The size and time limits of the HTTP front. Requests beyond them are refused before any
/// backend sees them: a body over the limit with 413; a request line (URL) over its limit with
/// 414, headers over theirs with 431, a head not complete within ``headTimeout`` of its first
/// byte with 408 (``HTTPHeadGuard``), each a problem document, then the connection is closed.
public enum HTTPLimits {
    /// Largest request body: 64 KiB (`POST /v1/actuals` needs well under 1 KiB).
    public static let maxBodySize = 64 * 1024
    /// Largest request line (method, URL, version) and largest single header field: 8 KiB.
    public static let maxHeaderFieldSize = 8 * 1024
    /// Largest header block in all: 32 KiB.
    public static let maxHeaderListSize = 32 * 1024
    /// Most header fields in a request: 100.
    public static let maxHeaderFieldCount = 100
    /// An idle connection is closed after this long: 60 s.
    public static let idleTimeoutSeconds: Int64 = 60
    /// A connection whose peer stops reading (its socket unwritable this long) is closed: 30 s.
    public static let writeTimeout: Duration = .seconds(30)
    /// Expensive requests (`GET /v1/rows`) answered at once, all clients together: 4 (two per
    /// core of a small machine); more get 503 with `Retry-After`.
    public static let expensiveConcurrency = 4
    /// A request head must be complete this long after its first byte, however slowly it comes: 10 s.
    public static let headTimeout: Duration = .seconds(10)
    /// Freed heap memory goes back to the system (`malloc_trim`) this long after an HTTP
    /// connection closes, at most once per this long (``MemoryReleaseSchedule``): 1 s.
    public static let memoryReleaseDelay: Duration = .seconds(1)

    /// The HTTP/1.1 server configuration: the idle timeout, and NIO's parser limits a little
    /// above the guard's (its total counts the URL too), so that ``HTTPHeadGuard``, which
    /// answers with problem documents, decides; NIO's limits stay as the net under it (for a
    /// request pipelined behind another in one read).
    static var http1: HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            additionalChannelHandlers: [HTTPRequestEndSignal()],
            idleTimeout: .seconds(idleTimeoutSeconds),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: maxHeaderFieldSize + 64,
                maxHeaderListSize: maxHeaderListSize + maxHeaderFieldSize + 1024,
                maxHeaderFieldCount: maxHeaderFieldCount + 1))
    }
}
