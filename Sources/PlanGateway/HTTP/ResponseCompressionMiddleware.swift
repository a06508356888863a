import CompressNIO
import Hummingbird
import Synchronization

/// gzip for the API's JSON and CSV answers when the client accepts it (`Accept-Encoding`): an
/// answer of known length from ``minimumSize`` bytes, not encoded already (the explorer's files
/// come gzip-encoded from ``ExplorerAssets``) and not a stream (event streams have no length).
/// The aggregates the explorer loads shrink about tenfold.
struct ResponseCompressionMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    /// The smallest body compressed: below it gzip's header costs more than it saves.
    static let minimumSize = 1024
    static let compressedTypes = ["application/json", "application/problem+json", "text/csv"]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        guard ExplorerRoutes.acceptsGzip(request.headers[values: .acceptEncoding]),
            response.headers[.contentEncoding] == nil, let length = response.body.contentLength, length >= Self.minimumSize,
            let type = response.headers[.contentType]?.lowercased(), Self.compressedTypes.contains(where: { type.hasPrefix($0) })
        else { return response }
        let collector = BodyCollector()
        try await response.body.write(collector)
        var body = collector.buffer
        let compressed = try body.compress(with: .gzip())
        response.headers[.contentEncoding] = "gzip"
        response.headers[.vary] = "Accept-Encoding"
        response.body = .init(byteBuffer: compressed)
        return response
    }
}

/// A response body writer that keeps what is written, to compress it whole.
private struct BodyCollector: ResponseBodyWriter {
    private let storage = Storage()

    /// Shared by the copies of the writer (``ResponseBody/write(_:)`` consumes its writer).
    private final class Storage: Sendable {
        let buffer = Mutex(ByteBuffer())
    }

    var buffer: ByteBuffer { storage.buffer.withLock { $0 } }

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        storage.buffer.withLock { $0.writeBuffer(&buffer) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
