import ArgumentParser
import Foundation
import GRPCCore
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

    func run() async throws {
        let termination = TerminationSignal()
        let reader = DocumentReader()
        let result = try document.map { try reader.read(contentsOf: URL(fileURLWithPath: $0)) } ?? reader.readEmbedded()
        let transport = PlanWireServerTransport(host: host, port: port)
        let health = HealthService(services: [CatalogueService.name])
        try await withGRPCServer(transport: transport, services: [CatalogueService(catalogue: result.catalogue), health]) { _ in
            let address = try await transport.listeningAddress
            FileHandle.standardOutput.write(Data("plan-catalogue listening on \(host):\(address.port ?? port)\n".utf8))
            // On SIGTERM or SIGINT: report NOT_SERVING, stop taking calls, let calls in flight
            // finish (the server's graceful shutdown when this closure returns), exit 0.
            let signal = await termination.wait()
            health.drain()
            FileHandle.standardOutput.write(Data("plan-catalogue: \(signal), draining\n".utf8))
        }
        FileHandle.standardOutput.write(Data("plan-catalogue stopped\n".utf8))
    }
}
