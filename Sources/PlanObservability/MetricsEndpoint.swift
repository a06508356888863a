import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// A small HTTP server for scrapers: `GET /metrics` answers the registry in Prometheus's text
/// format (`text/plain; version=0.0.4`), `GET /healthz` answers `ok` while the process runs.
///
/// A ServiceLifecycle `Service`: run it in the executable's service group.
public struct MetricsEndpoint: Service {
    /// The content type of the text exposition format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    let registry: PrometheusCollectorRegistry
    let host: String
    let port: Int
    let logger: Logger
    let onListening: @Sendable (Int) -> Void

    /// An endpoint on `host`:`port` (0 picks a free port, told to `onListening`) serving `registry`.
    public init(
        registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.registry = registry
        self.host = host
        self.port = port
        self.logger = logger
        self.onListening = onListening
    }

    /// The port an executable serving PlanWire on `port` serves metrics on by default:
    /// `port` + 2100 (7001 → 9101), so that replicas on neighbouring ports do not collide;
    /// 0 (a free port) when `port` is 0 or too high.
    public static func defaultPort(besides port: Int) -> Int {
        port == 0 || port + 2100 > 65535 ? 0 : port + 2100
    }

    public func run() async throws {
        try await application.run()
    }

    /// The Hummingbird application serving ``router``.
    public var application: some ApplicationProtocol {
        let onListening = self.onListening
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "plan-metrics-endpoint"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) }, logger: logger)
    }

    /// `GET /metrics` and `GET /healthz`.
    public var router: Router<BasicRequestContext> {
        let router = Router()
        let registry = self.registry
        router.get("metrics") { _, _ in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16 * 1024)
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: Self.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        router.get("healthz") { _, _ in "ok" }
        return router
    }
}
