import ArgumentParser
import Foundation
import GRPCCore
import Logging
import PlanGateway
import PlanObservability
import PlanWire
import PlanServerRuntime
import PlanAPI

/// `plan-gateway`: the one front door. The binary front forwards the catalogue and metrics
/// services of `Protos/` to their backends; the HTTP front serves the same as JSON and CSV.
@main
struct PlanGatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan-gateway",
        abstract: "The front door of ProgrammePlan: PlanWire and HTTP/JSON, balanced over the backends.")

    private static let environment = ProcessInfo.processInfo.environment

    @Option(help: "Address both fronts listen on (env PLAN_GATEWAY_HOST).")
    var host = environment["PLAN_GATEWAY_HOST"] ?? "127.0.0.1"

    @Option(help: "Port of the binary (PlanWire) front; 0 picks a free one (env PLAN_GATEWAY_PORT).")
    var port = Int(environment["PLAN_GATEWAY_PORT"] ?? "") ?? 7000

    @Option(help: "Port of the HTTP front; 0 picks a free one (env PLAN_GATEWAY_HTTP_PORT).")
    var httpPort = Int(environment["PLAN_GATEWAY_HTTP_PORT"] ?? "") ?? 8080

    @Option(help: "Catalogue endpoints, host:port separated by commas (env PLAN_GATEWAY_CATALOGUE).")
    var catalogue = environment["PLAN_GATEWAY_CATALOGUE"] ?? "127.0.0.1:7001"

    @Option(help: "Metrics replica endpoints, host:port separated by commas (env PLAN_GATEWAY_METRICS).")
    var metrics = environment["PLAN_GATEWAY_METRICS"] ?? "127.0.0.1:7002"

    @Option(help: "File holding the bearer token that recording needs (env PLAN_WRITE_TOKEN_FILE; or the token itself in PLAN_WRITE_TOKEN), passed on to plan-metrics, which checks it too. Without one, recording is refused.")
    var writeTokenFile = environment["PLAN_WRITE_TOKEN_FILE"]

    @Flag(help: "Require the token for reads too (env PLAN_GATEWAY_READS_NEED_TOKEN=1).")
    var readsNeedToken = environment["PLAN_GATEWAY_READS_NEED_TOKEN"] == "1"

    @Option(help: "Calls a second each client (by IP address) may make on average; 0 for no limit (env PLAN_GATEWAY_RATE).")
    var rate = Double(environment["PLAN_GATEWAY_RATE"] ?? "") ?? 1000

    @Option(help: "Calls each client may make at once, above the average (env PLAN_GATEWAY_BURST).")
    var burst = Int(environment["PLAN_GATEWAY_BURST"] ?? "") ?? 2000

    @Option(help: "Deadline in seconds of calls that set none (env PLAN_GATEWAY_DEFAULT_DEADLINE).")
    var defaultDeadline = Double(environment["PLAN_GATEWAY_DEFAULT_DEADLINE"] ?? "") ?? 10

    @Option(help: "Seconds an HTTP request head may take from its first byte to its end, however slowly it comes; 408 beyond (env PLAN_GATEWAY_HTTP_HEAD_TIMEOUT).")
    var httpHeadTimeout = Double(environment["PLAN_GATEWAY_HTTP_HEAD_TIMEOUT"] ?? "") ?? 10

    @Option(help: "Seconds an HTTP connection may stay unwritable (its client not reading) before it is closed (env PLAN_GATEWAY_HTTP_WRITE_TIMEOUT).")
    var httpWriteTimeout = Double(environment["PLAN_GATEWAY_HTTP_WRITE_TIMEOUT"] ?? "") ?? 30

    @Option(help: "Expensive HTTP requests (GET /v1/rows) answered at once, all clients together; more get 503 (env PLAN_GATEWAY_EXPENSIVE_CONCURRENCY).")
    var expensiveConcurrency = Int(environment["PLAN_GATEWAY_EXPENSIVE_CONCURRENCY"] ?? "") ?? 4

    @Option(help: "Seconds after an HTTP connection closes before freed memory goes back to the system (malloc_trim), at most once per that time; 0 for never (env PLAN_GATEWAY_HTTP_RELEASE_MEMORY_AFTER).")
    var httpReleaseMemoryAfter = Double(environment["PLAN_GATEWAY_HTTP_RELEASE_MEMORY_AFTER"] ?? "") ?? 1

    @Option(help: "Where the HTTP front handles requests: 'loop' runs each connection's requests on its event loop, 'pool' on the concurrency pool (env PLAN_GATEWAY_HTTP_HANDLERS).")
    var httpHandlers = HTTPHandlerPlacement(rawValue: environment["PLAN_GATEWAY_HTTP_HANDLERS"] ?? "") ?? .loop

    @Option(help: "Whether messages between the gateway and its backends are compressed: 'none' (they share a network; the CPU matters more) or 'deflate' (env PLAN_GATEWAY_BACKEND_COMPRESSION).")
    var backendCompression = BackendCompression(rawValue: environment["PLAN_GATEWAY_BACKEND_COMPRESSION"] ?? "") ?? .none

    @Option(help: "Seconds between health checks of each backend (env PLAN_GATEWAY_HEALTH_INTERVAL).")
    var healthInterval = Double(environment["PLAN_GATEWAY_HEALTH_INTERVAL"] ?? "") ?? 1

    @Option(help: "Port of the Prometheus endpoint (GET /metrics) on the same address; 0 picks a free one (env PLAN_GATEWAY_METRICS_PORT; default: --port + 2100, 9100 for the default port, 0 when --port is 0).")
    var metricsPort: Int?

    @Option(help: "Chart.js (the UMD build) the explorer's charts use; Debian's libjs-chart.js puts it here. Without it the page works without charts (env PLAN_GATEWAY_CHART_LIBRARY).")
    var chartLibrary = environment["PLAN_GATEWAY_CHART_LIBRARY"] ?? ExplorerAssets.defaultChartLibraryPath

    @Option(help: "Event streams (GET /v1/recordings/stream) open at once, all clients together; more get 503 (env PLAN_GATEWAY_MAX_EVENT_STREAMS).")
    var maxEventStreams = Int(environment["PLAN_GATEWAY_MAX_EVENT_STREAMS"] ?? "") ?? EventStreamLimits().maxStreams

    @Option(help: "Event streams open at once from one client IP address (env PLAN_GATEWAY_MAX_EVENT_STREAMS_PER_CLIENT).")
    var maxEventStreamsPerClient = Int(environment["PLAN_GATEWAY_MAX_EVENT_STREAMS_PER_CLIENT"] ?? "") ?? EventStreamLimits().maxStreamsPerClient

    @Option(help: "Seconds an event stream stays open before it ends and the browser reconnects, resuming (env PLAN_GATEWAY_EVENT_STREAM_MAX_AGE).")
    var eventStreamMaxAge = Double(environment["PLAN_GATEWAY_EVENT_STREAM_MAX_AGE"] ?? "") ?? 300

    @Option(help: "Seconds between keep-alive comments on an idle event stream (env PLAN_GATEWAY_EVENT_STREAM_KEEPALIVE).")
    var eventStreamKeepalive = Double(environment["PLAN_GATEWAY_EVENT_STREAM_KEEPALIVE"] ?? "") ?? 15

    @OptionGroup var runtime: ServerOptions

    func validate() throws {
        guard httpHeadTimeout > 0, httpHeadTimeout.isFinite else {
            throw ValidationError("--http-head-timeout must be a number of seconds > 0, not \(httpHeadTimeout)")
        }
        guard httpWriteTimeout > 0, httpWriteTimeout.isFinite else {
            throw ValidationError("--http-write-timeout must be a number of seconds > 0, not \(httpWriteTimeout)")
        }
        guard httpReleaseMemoryAfter >= 0, httpReleaseMemoryAfter <= 3600 else {
            throw ValidationError("--http-release-memory-after must be a number of seconds from 0 (never) to 3600, not \(httpReleaseMemoryAfter)")
        }
        guard expensiveConcurrency >= 1 else {
            throw ValidationError("--expensive-concurrency must be at least 1, not \(expensiveConcurrency)")
        }
        guard maxEventStreams >= 1 else { throw ValidationError("--max-event-streams must be at least 1, not \(maxEventStreams)") }
        guard maxEventStreamsPerClient >= 1 else {
            throw ValidationError("--max-event-streams-per-client must be at least 1, not \(maxEventStreamsPerClient)")
        }
        guard eventStreamMaxAge > 0, eventStreamMaxAge.isFinite else {
            throw ValidationError("--event-stream-max-age must be a number of seconds > 0, not \(eventStreamMaxAge)")
        }
        guard eventStreamKeepalive > 0, eventStreamKeepalive.isFinite else {
            throw ValidationError("--event-stream-keepalive must be a number of seconds > 0, not \(eventStreamKeepalive)")
        }
    }

    /// The event streams' limits from the flags.
    var eventStreamLimits: EventStreamLimits {
        var limits = EventStreamLimits()
        limits.maxStreams = maxEventStreams
        limits.maxStreamsPerClient = maxEventStreamsPerClient
        limits.maxAge = .milliseconds(Int64((eventStreamMaxAge * 1000).rounded()))
        limits.keepAliveInterval = .milliseconds(Int64((eventStreamKeepalive * 1000).rounded()))
        return limits
    }

    func run() async throws {
        try runtime.bootstrapLogging()
        let registry = PrometheusMetrics.bootstrap()
        let logger = Logger(label: "plan-gateway")
        // Large answers reuse heap pages instead of mapping and faulting in new ones each time.
        AllocatorTuning.apply(environment: Self.environment)
        var resilience = ResilienceConfiguration()
        resilience.defaultDeadline = .seconds(defaultDeadline)
        resilience.healthCheckInterval = .seconds(healthInterval)
        // PLAN_WIRE_CALLS_ON_EVENT_LOOP, when given, also says where the backend calls run.
        var backendTransport = try BackendPool.transportConfiguration.applyingEnvironment(
            Self.environment.filter { $0.key == "PLAN_WIRE_CALLS_ON_EVENT_LOOP" })
        backendTransport.setCompression(enabled: backendCompression == .deflate)
        let catalogue = BackendPool(
            serviceName: PlanContract.catalogueService, endpoints: try Self.endpoints(self.catalogue, option: "--catalogue"),
            configuration: resilience, transport: backendTransport, logger: logger)
        let metrics = BackendPool(
            serviceName: PlanContract.metricsService, endpoints: try Self.endpoints(self.metrics, option: "--metrics"),
            configuration: resilience, transport: backendTransport, logger: logger)
        let token = try WriteToken.configured(file: writeTokenFile, value: Self.environment["PLAN_WRITE_TOKEN"])
        let backends = GatewayBackends(
            catalogue: catalogue, metrics: metrics, configuration: resilience, writeToken: token)
        let access = AccessPolicy(token: token, readsNeedToken: readsNeedToken)
        if access.token == nil { logger.warning("no write token configured: recording actuals is refused") }
        let limiter = rate > 0 ? RateLimiter(rate: rate, burst: max(burst, 1)) : nil

        let health = HealthService(services: [PlanContract.catalogueService, PlanContract.metricsService])
        // The PlanWire address first: scripts read the first line.
        let announcements = OrderedAnnouncements()
        let wireConfiguration = try runtime.wireConfiguration()
        let transport = PlanWireServerTransport(
            host: host, port: port, configuration: wireConfiguration, connectionObserver: ConnectionMetrics().observe)
        let server = GRPCServer(
            transport: transport, services: [ForwardingService(backends: backends), health],
            interceptors: [RPCMetricsInterceptor(), CallLoggingInterceptor(logger: logger), FrontDoorInterceptor(access: access, rateLimiter: limiter)])
        let binary = GRPCServerService(server: server, transport: transport, health: health, logger: logger) { [host, announcements] port in
            announcements.announce(0, "plan-gateway listening on \(host):\(port)")
        }
        let http = HTTPFront(
            backends: backends, access: access, rateLimiter: limiter, host: host, port: httpPort,
            headTimeout: .milliseconds(Int64((httpHeadTimeout * 1000).rounded())),
            writeTimeout: .milliseconds(Int64((httpWriteTimeout * 1000).rounded())),
            expensiveConcurrency: expensiveConcurrency, listenBacklog: wireConfiguration.listenBacklog,
            explorer: try ExplorerAssets.bundled(chartLibraryPath: chartLibrary, logger: logger),
            eventStreamLimits: eventStreamLimits,
            memoryReleaseDelay: httpReleaseMemoryAfter > 0 ? .milliseconds(Int64((httpReleaseMemoryAfter * 1000).rounded())) : nil,
            handlersOnEventLoop: httpHandlers == .loop, logger: logger
        ) { [host] port in ServiceRunner.announce("plan-gateway HTTP listening on \(host):\(port)") }
        let metricsEndpoint = MetricsEndpoint(
            registry: registry, host: host,
            port: metricsPort ?? Int(Self.environment["PLAN_GATEWAY_METRICS_PORT"] ?? "") ?? MetricsEndpoint.defaultPort(besides: port), logger: logger
        ) { [host, announcements] port in
            announcements.announce(1, "plan-gateway metrics listening on \(host):\(port)")
        }
        try await ServiceRunner.run([catalogue, metrics, binary, http, metricsEndpoint], gracePeriod: runtime.gracePeriodDuration, logger: logger)
    }

    /// `host:port` endpoints separated by commas; a ValidationError naming `option` otherwise.
    static func endpoints(_ text: String, option: String) throws -> [Endpoint] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty else { throw ValidationError("\(option) names no endpoint") }
        return try parts.map { part in
            guard let endpoint = Endpoint(part) else {
                throw ValidationError("\(option): '\(part)' is not host:port")
            }
            return endpoint
        }
    }
}

/// Where the HTTP front runs its requests' handlers (`--http-handlers`).
enum HTTPHandlerPlacement: String, ExpressibleByArgument, CaseIterable {
    /// On each connection's event loop (the default).
    case loop
    /// On the concurrency pool, as Hummingbird does by default.
    case pool
}

/// Whether the gateway's messages to and from its backends are compressed (`--backend-compression`).
enum BackendCompression: String, ExpressibleByArgument, CaseIterable {
    /// Messages go as they are (the default).
    case none
    /// Messages of 4 KiB or more go deflated, both ways.
    case deflate
}
