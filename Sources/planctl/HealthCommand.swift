import ArgumentParser
import PlanPresentation
import PlanServerRuntime
import PlanAPI

struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "grpc.health.v1 Check of any of the servers; exits 0 only when SERVING (a container probe).",
        discussion: "Not SERVING exits 5, an unknown service 3, nothing listening 5.")

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The service: plan.v1.Catalogue, plan.v1.Metrics (or catalogue, metrics); default the server as a whole.",
            valueName: "name"))
    var service = ""

    @OptionGroup var gateway: GatewayOptions

    /// The fully qualified name of `--service`.
    var serviceName: String {
        switch service {
        case "catalogue": PlanContract.catalogueService
        case "metrics": PlanContract.metricsService
        default: service
        }
    }

    /// What the health command answers in JSON.
    struct Answer: Encodable {
        var service: String
        var status: String
    }

    func run() async throws {
        let request = HealthCheckRequest(service: serviceName)
        let answer = try await gateway.withGateway { calls in
            try await calls.unary(Grpc_Health_V1_Health.Method.Check.descriptor, request) as HealthCheckResponse
        }
        let status = Self.name(of: answer.status)
        try gateway.emit(
            Answer(service: serviceName, status: status), table: Table(header: ["service", "status"], rows: [[serviceName, status]]))
        guard answer.status == .serving else {
            throw CallFailure(status: .unavailable, message: "\(serviceName.isEmpty ? "the server" : serviceName) is \(status)")
        }
    }

    static func name(of status: HealthCheckResponse.ServingStatus) -> String {
        switch status {
        case .unknown: "UNKNOWN"
        case .serving: "SERVING"
        case .notServing: "NOT_SERVING"
        case .serviceUnknown: "SERVICE_UNKNOWN"
        }
    }
}
