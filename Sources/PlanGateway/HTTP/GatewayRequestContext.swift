import Hummingbird
import NIOCore

/// The request context of the HTTP front: Hummingbird's core storage, the client's address
/// (the rate limiter's key) and the request id that ``RequestIDMiddleware`` takes or assigns.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connected client; `nil` when testing without sockets.
    public let remoteAddress: SocketAddress?
    /// The request id, forwarded to the backends as `x-request-id` and returned as `X-Request-Id`.
    public var requestID = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Request bodies are collected up to ``HTTPLimits/maxBodySize``.
    public var maxUploadSize: Int { HTTPLimits.maxBodySize }

    /// The rate limiter's key: the client's IP address without the port ("local" without a socket).
    var clientKey: String { remoteAddress?.ipAddress ?? "local" }
}
