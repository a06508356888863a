import ArgumentParser
import Foundation
import GRPCCore
import Logging
import PlanIngest
import PlanMetrics
import PlanObservability
import PlanWire
import PlanServerRuntime
import PlanAPI

/// `plan-metrics`: serves the metrics of the deliverables tables over PlanWire and records
/// actual outputs into a SQLite database or PostgreSQL.
@main
struct PlanMetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan-metrics",
        abstract: "Serve the metrics of the programme budget and record actual outputs over PlanWire.")

    @Option(help: "Address to listen on (env PLAN_METRICS_HOST).")
    var host = ProcessInfo.processInfo.environment["PLAN_METRICS_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (env PLAN_METRICS_PORT).")
    var port = Int(ProcessInfo.processInfo.environment["PLAN_METRICS_PORT"] ?? "") ?? 7002

    @Option(help: "The document to serve (default: the embedded 2020 programme budget).")
    var document: String?

    @Option(help: "Where recorded actuals are kept: a postgres://USER:PASSWORD@HOST:PORT/DATABASE URL, or else the path of a SQLite database, created with its folder if missing (env PLAN_METRICS_DATABASE; default ./data/metrics.sqlite).")
    var database: String?

    /// `--database`, else PLAN_METRICS_DATABASE, else `./data/metrics.sqlite`. Not the option's
    /// default value, which `--help` would print (a URL's password with it).
    var databaseLocation: String {
        database ?? ProcessInfo.processInfo.environment["PLAN_METRICS_DATABASE"] ?? "./data/metrics.sqlite"
    }

    @Option(help: "File holding the write token a recording must carry ('authorization: Bearer …'; the gateway passes it on) (env PLAN_WRITE_TOKEN_FILE; or the token itself in PLAN_WRITE_TOKEN). Without one, recording is refused.")
    var writeTokenFile = ProcessInfo.processInfo.environment["PLAN_WRITE_TOKEN_FILE"]

    @Option(help: "Port of the Prometheus endpoint (GET /metrics) on the same address; 0 picks a free one (env PLAN_METRICS_METRICS_PORT; default: --port + 2100, 9102 for the default port, 0 when --port is 0).")
    var metricsPort: Int?

    @OptionGroup var runtime: ServerOptions

    func run() async throws {
        try runtime.bootstrapLogging()
        let registry = PrometheusMetrics.bootstrap()
        let logger = Logger(label: "plan-metrics")
        let reader = DocumentReader()
        let result = try document.map { try reader.read(contentsOf: URL(fileURLWithPath: $0)) } ?? reader.readEmbedded()
        let table = FactTable(catalogue: result.catalogue)
        let store = try openStore(table: table, logger: logger)
        let token = try WriteToken.configured(file: writeTokenFile, value: ProcessInfo.processInfo.environment["PLAN_WRITE_TOKEN"])
        if token == nil { logger.warning("no write token configured: recording actuals is refused") }
        // The PlanWire address first: scripts read the first line.
        let announcements = OrderedAnnouncements()
        let transport = PlanWireServerTransport(
            host: host, port: port, configuration: try runtime.wireConfiguration(), connectionObserver: ConnectionMetrics().observe)
        let health = HealthService(services: [MetricsService.name])
        let server = GRPCServer(
            transport: transport, services: [MetricsService(table: table, store: store), health],
            interceptors: [
                RPCMetricsInterceptor(), CallLoggingInterceptor(logger: logger),
                WriteAccessInterceptor(token: token, serverName: "plan-metrics"),
            ])
        let service = GRPCServerService(server: server, transport: transport, health: health, logger: logger) { [host, announcements] port in
            announcements.announce(0, "plan-metrics listening on \(host):\(port)")
        }
        let metricsEndpoint = MetricsEndpoint(
            registry: registry, host: host,
            port: metricsPort ?? Int(ProcessInfo.processInfo.environment["PLAN_METRICS_METRICS_PORT"] ?? "") ?? MetricsEndpoint.defaultPort(besides: port), logger: logger
        ) { [host, announcements] port in
            announcements.announce(1, "plan-metrics metrics listening on \(host):\(port)")
        }
        try await ServiceRunner.run([service, metricsEndpoint], gracePeriod: runtime.gracePeriodDuration, logger: logger)
    }
}
