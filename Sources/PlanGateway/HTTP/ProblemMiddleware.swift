import Hummingbird
import Logging

/// Turns every error below it into an RFC 9457 problem response (see ``StatusMapping``): the
/// client gets the status, a detail and its request id; internal errors are logged with their
/// details and answered 500 without them.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (problem, isInternal) = StatusMapping.problem(for: error)
            if isInternal {
                context.logger.error(
                    "internal error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            } else {
                context.logger.debug("problem", metadata: ["status": "\(problem.status.code)", "detail": "\(problem.detail)"])
            }
            return problem.response(requestID: context.requestID)
        }
    }
}
