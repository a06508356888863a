import ArgumentParser
import Foundation
import GRPCCore
import PlanWire
import PlanAPI

/// How answers are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned columns for a terminal (Chinese text counted two columns a character).
    case table
    /// The gateway's JSON mapping (snake_case keys; figures a number, "—" or null), indented.
    case json
    /// RFC 4180 CSV, the columns of the gateway's CSV answers.
    case csv
}

/// The options every command that calls a server shares.
struct GatewayOptions: ParsableArguments {
    static let defaultAddress = "127.0.0.1:7000"

    @Option(
        name: .long, help: ArgumentHelp("The gateway's binary front (or any server, for health); env PLAN_GATEWAY, default \(defaultAddress).", valueName: "host:port"))
    var gateway: String?

    @Option(name: .long, help: "table, json or csv.")
    var format: OutputFormat = .table

    @Option(name: .long, help: ArgumentHelp("Deadline of each call.", valueName: "seconds"))
    var timeout: Double = 10

    /// The address asked for: `--gateway`, else PLAN_GATEWAY, else the default.
    var address: String {
        gateway ?? ProcessInfo.processInfo.environment["PLAN_GATEWAY"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultAddress
    }

    func validate() throws {
        guard Endpoint(address) != nil else {
            throw ValidationError("--gateway: '\(address)' is not host:port")
        }
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be more than 0 and at most 3600 seconds") }
    }

    /// Runs `body` with a client of the gateway; a failed call becomes a ``CallFailure``.
    func withGateway<Result: Sendable>(_ body: (GatewayCalls) async throws -> Result) async throws -> Result {
        let transport = PlanWireClientTransport(endpoints: [Endpoint(address)!])
        do {
            return try await withGRPCClient(transport: transport) { client in
                try await body(GatewayCalls(client: client, timeout: .milliseconds(Int64(timeout * 1000))))
            }
        } catch let error as RPCError {
            var failure = CallFailure(error)
            if failure.status == .unavailable { failure.message += " (\(address))" }
            throw failure
        }
    }
}
