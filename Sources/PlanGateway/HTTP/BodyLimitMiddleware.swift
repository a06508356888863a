import Hummingbird

/// Refuses a request whose declared `Content-Length` exceeds ``HTTPLimits/maxBodySize`` with
/// 413 before reading it; bodies without a length are cut at the same size when collected.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > HTTPLimits.maxBodySize {
            throw HTTPProblem(
                .contentTooLarge, "the request body is \(length) bytes; the limit is \(HTTPLimits.maxBodySize)")
        }
        return try await next(request, context)
    }
}
