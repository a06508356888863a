import ArgumentParser
import Foundation
import GRPCCore
import Logging
import PlanCatalogue
import PlanIngest
import PlanObservability
import PlanWire
import PlanServerRuntime
import PlanAPI

/// `plan-catalogue`: serves the catalogue of the programme budget over PlanWire.
@main
struct PlanCatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan-catalogue",
        abstract: "Serve the catalogue of the programme budget (lists, lookups, full-text search) over PlanWire.")

    @Option(help: "Address to listen on (env PLAN_CATALOGUE_HOST).")
    var host = ProcessInfo.processInfo.environment["PLAN_CATALOGUE_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (env PLAN_CATALOGUE_PORT).")
    var port = Int(ProcessInfo.processInfo.environment["PLAN_CATALOGUE_PORT"] ?? "") ?? 7001

    @Option(help: "The document to serve (default: the embedded 2020 programme budget).")
    var document: String?

    @Option(help: "Port of the Prometheus endpoint (GET /metrics) on the same address; 0 picks a free one (env PLAN_CATALOGUE_METRICS_PORT; default: --port + 2100, 9101 for the default port, 0 when --port is 0).")
    var metricsPort: Int?

    @OptionGroup var runtime: ServerOptions

    func run() async throws {
        try runtime.bootstrapLogging()
        let registry = PrometheusMetrics.bootstrap()
        let logger = Logger(label: "plan-catalogue")
        let reader = DocumentReader()
        let result = try document.map { try reader.read(contentsOf: URL(fileURLWithPath: $0)) } ?? reader.readEmbedded()
        logger.info("document read", metadata: ["programmes": "\(result.catalogue.programmes.count)"])
        // The PlanWire address first: scripts read the first line.
        let announcements = OrderedAnnouncements()
        // The catalogue answers from memory and never blocks: its handlers run on their
        // connection's event loop (the gateway keeps one connection per loop, so both loops work).
        let transport = PlanWireServerTransport(
            host: host, port: port, configuration: try runtime.wireConfiguration(handlersOnEventLoop: true),
            connectionObserver: ConnectionMetrics().observe)
        let health = HealthService(services: [CatalogueService.name])
        let server = GRPCServer(
            transport: transport, services: [CatalogueService(catalogue: result.catalogue), health],
            interceptors: [RPCMetricsInterceptor(), CallLoggingInterceptor(logger: logger)])
        let service = GRPCServerService(server: server, transport: transport, health: health, logger: logger) { [host, announcements] port in
            announcements.announce(0, "plan-catalogue listening on \(host):\(port)")
        }
        let metricsEndpoint = MetricsEndpoint(
            registry: registry, host: host,
            port: metricsPort ?? Int(ProcessInfo.processInfo.environment["PLAN_CATALOGUE_METRICS_PORT"] ?? "") ?? MetricsEndpoint.defaultPort(besides: port), logger: logger
        ) { [host, announcements] port in
            announcements.announce(1, "plan-catalogue metrics listening on \(host):\(port)")
        }
        try await ServiceRunner.run([service, metricsEndpoint], gracePeriod: runtime.gracePeriodDuration, logger: logger)
    }
}
