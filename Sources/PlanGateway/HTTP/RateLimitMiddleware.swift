import Hummingbird

/// A token bucket per client IP address (``RateLimiter``): a client beyond its rate gets 429
/// with `Retry-After` while other clients are served. The health probes are not limited.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let limiter: RateLimiter
    static let exempt: Set<String> = ["/healthz", "/readyz"]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if !Self.exempt.contains(request.uri.path), let wait = limiter.admit(context.clientKey) {
            let seconds = max(1, Int(wait.components.seconds) + (wait.components.attoseconds > 0 ? 1 : 0))
            throw HTTPProblem(
                .tooManyRequests, "too many requests from \(context.clientKey); try again in \(seconds) s",
                retryAfter: seconds)
        }
        return try await next(request, context)
    }
}
