import ArgumentParser
import Foundation
import GRPCCore
import PlanIngest
import PlanMetrics
import PlanWire

/// `plan-metrics`: serves the metrics of the deliverables tables over PlanWire and records
/// actual outputs into a SQLite database.
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

    @Option(help: "The SQLite database of recorded actuals, created with its folder if missing (env PLAN_METRICS_DATABASE).")
    var database = ProcessInfo.processInfo.environment["PLAN_METRICS_DATABASE"] ?? "./data/metrics.sqlite"

    func run() async throws {
        let termination = TerminationSignal()
        let reader = DocumentReader()
        let result = try document.map { try reader.read(contentsOf: URL(fileURLWithPath: $0)) } ?? reader.readEmbedded()
        let table = FactTable(catalogue: result.catalogue)
        let store: SQLiteRecordingStore
        do {
            let folder = URL(fileURLWithPath: database).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            store = try SQLiteRecordingStore(path: database, table: table)
        } catch {
            throw ValidationError("cannot open the database \(database): \(error)")
        }
        let transport = PlanWireServerTransport(host: host, port: port)
        let health = HealthService(services: [MetricsService.name])
        let metrics = MetricsService(table: table, store: store)
        try await withGRPCServer(transport: transport, services: [metrics, health]) { _ in
            let address = try await transport.listeningAddress
            FileHandle.standardOutput.write(Data("plan-metrics listening on \(host):\(address.port ?? port)\n".utf8))
            // On SIGTERM or SIGINT: report NOT_SERVING, stop taking calls, let calls in flight
            // finish (the server's graceful shutdown when this closure returns), exit 0.
            let signal = await termination.wait()
            health.drain()
            FileHandle.standardOutput.write(Data("plan-metrics: \(signal), draining\n".utf8))
        }
        FileHandle.standardOutput.write(Data("plan-metrics stopped\n".utf8))
    }
}
