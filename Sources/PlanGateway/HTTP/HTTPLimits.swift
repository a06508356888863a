import HummingbirdCore

/// The size limits of the HTTP front. Requests beyond them are refused before any backend sees
/// them: a body over the limit with 413, headers over the limits by closing the connection
/// with 431 (NIO's HTTP parser).
public enum HTTPLimits {
    /// Largest request body: 64 KiB (`POST /v1/actuals` needs well under 1 KiB).
    public static let maxBodySize = 64 * 1024
    /// Largest single header field: 8 KiB.
    public static let maxHeaderFieldSize = 8 * 1024
    /// Largest header block in all: 32 KiB.
    public static let maxHeaderListSize = 32 * 1024
    /// Most header fields in a request: 100.
    public static let maxHeaderFieldCount = 100
    /// An idle connection is closed after this long: 60 s.
    public static let idleTimeoutSeconds: Int64 = 60

    /// The HTTP/1.1 server configuration that applies the header limits and the idle timeout.
    static var http1: HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            idleTimeout: .seconds(idleTimeoutSeconds),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: maxHeaderFieldSize, maxHeaderListSize: maxHeaderListSize,
                maxHeaderFieldCount: maxHeaderFieldCount))
    }
}
