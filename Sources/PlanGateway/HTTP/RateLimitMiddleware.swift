import Hummingbird

/// A token bucket per client IP address (``RateLimiter``), each request charged what its route
/// costs (``AdmissionCost``): a client beyond its rate gets 429 with `Retry-After` while other
/// clients are served. Then the expensive routes (`GET /v1/rows`) share a limit of requests in
/// flight (``ConcurrencyLimiter``): beyond it, 503 with `Retry-After`. The health probes are
/// not limited.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let limiter: RateLimiter?
    let expensive: ConcurrencyLimiter
    static let exempt: Set<String> = ["/healthz", "/readyz"]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard !Self.exempt.contains(path) else { return try await next(request, context) }
        if let limiter, let wait = limiter.admit(context.clientKey, cost: AdmissionCost.http(path: path)) {
            let seconds = max(1, Int(wait.components.seconds) + (wait.components.attoseconds > 0 ? 1 : 0))
            throw HTTPProblem(
                .tooManyRequests, "too many requests from \(context.clientKey); try again in \(seconds) s",
                retryAfter: seconds)
        }
        guard AdmissionCost.isExpensive(path: path) else { return try await next(request, context) }
        guard expensive.acquire() else {
            throw HTTPProblem(
                .serviceUnavailable,
                "the gateway is answering \(expensive.limit) requests for \(path) already; try again in 1 s",
                retryAfter: 1)
        }
        defer { expensive.release() }
        return try await next(request, context)
    }
}
