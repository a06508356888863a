import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP front of the gateway: the catalogue and the metrics as JSON (and CSV) over HTTP/1.1,
/// every call going to the backends through ``GatewayBackends``, with request ids, deadlines,
/// access control, per-client rate limits, size limits and RFC 9457 problem documents. Its
/// routes and `GET /openapi.json` come from one list of ``HTTPRoute`` declarations.
///
/// A ServiceLifecycle `Service`: run it in the gateway's service group; it stops accepting on
/// graceful shutdown and lets requests in flight finish.
public struct HTTPFront: Service {
    let backends: GatewayBackends
    let access: AccessPolicy
    let rateLimiter: RateLimiter?
    let host: String
    let port: Int
    let logger: Logger
    let onListening: @Sendable (Int) -> Void
    /// The limit of expensive requests in flight (``AdmissionCost/isExpensive(path:)``).
    let expensive: ConcurrencyLimiter
    /// The limits on request heads (``HTTPHeadGuard``).
    var headLimits = HTTPHeadGuard.Limits()
    /// How long a connection may stay unwritable (its peer not reading) before it is closed.
    let writeTimeout: Duration
    /// The `listen(2)` backlog of the HTTP port.
    let listenBacklog: Int
    /// The explorer's files (the page at `/`).
    let explorer: ExplorerAssets
    /// The event streams open (`GET /v1/recordings/stream`) against their limits.
    let eventStreams: EventStreamSlots
    /// Hands freed memory back to the system after connections close; `nil` when off.
    let memoryRelease: HTTPMemoryRelease?
    /// Whether each connection's requests are handled on its event loop rather than the
    /// concurrency pool (``GuardedHTTP1Channel``).
    let handlersOnEventLoop: Bool

    /// A front on `host`:`port` (0 picks a free port, told to `onListening`); a request head
    /// must be complete within `headTimeout` of its first byte; a connection whose peer stops
    /// reading is closed after `writeTimeout`; at most `expensiveConcurrency`
    /// expensive requests (`GET /v1/rows`) are answered at once; the kernel queues up to
    /// `listenBacklog` connections not yet accepted (as PlanWire's `listenBacklog`); the
    /// explorer's files are served, and event streams within `eventStreamLimits`; freed heap
    /// memory goes back to the system `memoryReleaseDelay` after a connection closes, at most
    /// once per that delay (`nil`: never; as PlanWire's `releasesMemoryAfterClose`); with
    /// `handlersOnEventLoop`, each connection's requests are handled on its event loop.
    public init(
        backends: GatewayBackends, access: AccessPolicy, rateLimiter: RateLimiter?, host: String, port: Int,
        headTimeout: Duration = HTTPLimits.headTimeout, writeTimeout: Duration = HTTPLimits.writeTimeout,
        expensiveConcurrency: Int = HTTPLimits.expensiveConcurrency, listenBacklog: Int = 4096,
        explorer: ExplorerAssets = ExplorerAssets(assets: [:]), eventStreamLimits: EventStreamLimits = .init(),
        memoryReleaseDelay: Duration? = HTTPLimits.memoryReleaseDelay, handlersOnEventLoop: Bool = true,
        logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.handlersOnEventLoop = handlersOnEventLoop
        self.writeTimeout = writeTimeout
        memoryRelease = memoryReleaseDelay.map { HTTPMemoryRelease(delay: $0) }
        self.listenBacklog = listenBacklog
        headLimits.headTimeout = headTimeout
        expensive = ConcurrencyLimiter(limit: expensiveConcurrency)
        self.explorer = explorer
        eventStreams = EventStreamSlots(limits: eventStreamLimits)
        self.backends = backends
        self.access = access
        self.rateLimiter = rateLimiter
        self.host = host
        self.port = port
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        try await application.run()
    }

    /// The Hummingbird application: the router on an HTTP/1.1 server with the header limits of
    /// ``HTTPLimits``.
    public var application: some ApplicationProtocol {
        let onListening = self.onListening
        return Application(
            router: router,
            server: .guardedHTTP1(
                configuration: HTTPLimits.http1, limits: headLimits, writeTimeout: writeTimeout, memoryRelease: memoryRelease,
                handlersOnEventLoop: handlersOnEventLoop),
            configuration: .init(address: .hostname(host, port: port), serverName: "plan-gateway", backlog: listenBacklog),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) }, logger: logger)
    }

    /// Every route, in the order the document lists them.
    var routes: [HTTPRoute] {
        let calls = BackendCalls(backends: backends, access: access)
        let served = CatalogueRoutes.routes(calls) + MetricsRoutes.routes(calls) + [ActualsRoute.route(calls)]
            + [RecordingsStreamRoute.route(calls, slots: eventStreams)] + HealthRoutes.routes(backends)
            + ExplorerRoutes.routes(explorer)
        return served + [OpenAPIDocument.route(documenting: { served })]
    }

    /// The router: the middleware (request id, gzip, problems, rate limit, body limit), then every route.
    public var router: Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: ResponseCompressionMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: RateLimitMiddleware(limiter: rateLimiter, expensive: expensive))
        router.add(middleware: BodyLimitMiddleware())
        for route in routes {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                // The router matches `/v1/units/` as `/v1/units`; the document has no such path.
                let path = request.uri.path
                if path.count > 1, path.hasSuffix("/") {
                    throw HTTPProblem(.notFound, "no resource at '\(path)': no path of the API ends with '/'")
                }
                let query = try QueryParameters(
                    request.uri, declared: route.acceptedQueryParameters, path: route.pathParameters,
                    captured: context.parameters)
                return try await route.handler(request, context, query)
            }
        }
        return router
    }

    /// The OpenAPI document of the routes served, as `GET /openapi.json` answers it.
    public func openAPIDocument() throws -> Data {
        try OpenAPIDocument.json(routes: routes)
    }
}
