import HTTPTypes
import Hummingbird

/// Takes the request id from `X-Request-Id` (when it is 1–128 visible ASCII characters) or
/// assigns a new one, puts it in the context and the logger, and returns it as `X-Request-Id`.
/// It is the outermost middleware, so every answer, problems included, carries the id.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    static let header = HTTPField.Name("X-Request-Id")!

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.requestID = request.headers[Self.header].flatMap(Self.acceptable) ?? GatewayBackends.newRequestID()
        context.logger[metadataKey: "request_id"] = "\(context.requestID)"
        var response = try await next(request, context)
        response.headers[Self.header] = context.requestID
        return response
    }

    /// `value` if it can be a request id: 1–128 printable ASCII characters without spaces.
    static func acceptable(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count), value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return value
    }
}
