import ArgumentParser
import Foundation
import GRPCCore
import Logging
import PlanCatalogue
import PlanIngest
import PlanWire

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

    @Option(help: "Least severe level logged to standard error: trace, debug, info, notice, warning, error, critical (env PLAN_LOG_LEVEL).")
    var logLevel = ProcessInfo.processInfo.environment["PLAN_LOG_LEVEL"] ?? "info"

    @Option(help: "Seconds calls in flight get to finish after SIGTERM (env PLAN_GRACE_PERIOD).")
    var gracePeriod = Double(ProcessInfo.processInfo.environment["PLAN_GRACE_PERIOD"] ?? "") ?? 20

    func run() async throws {
        try ServiceRunner.bootstrapLogging(level: logLevel)
        let logger = Logger(label: "plan-catalogue")
        let reader = DocumentReader()
        let result = try document.map { try reader.read(contentsOf: URL(fileURLWithPath: $0)) } ?? reader.readEmbedded()
        logger.info("document read", metadata: ["programmes": "\(result.catalogue.programmes.count)"])
        let transport = PlanWireServerTransport(host: host, port: port)
        let health = HealthService(services: [CatalogueService.name])
        let server = GRPCServer(
            transport: transport, services: [CatalogueService(catalogue: result.catalogue), health],
            interceptors: [CallLoggingInterceptor(logger: logger)])
        let service = GRPCServerService(server: server, transport: transport, health: health, logger: logger) { [host] port in
            ServiceRunner.announce("plan-catalogue listening on \(host):\(port)")
        }
        try await ServiceRunner.run([service], gracePeriod: .seconds(gracePeriod), logger: logger)
    }
}
