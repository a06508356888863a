import Foundation
import GRPCCore
import Logging
import PlanGateway
import PlanIngest
import PlanMetrics
import PlanWire
import PlanServerRuntime
import PlanAPI
import PlanProtobuf

/// The latency plan-gateway's binary front adds: the same GetFigures call (one row, 20.3.r4)
/// made straight to a metrics server and through a gateway in front of it, both on loopback
/// in this process, with the gateway's own pieces (forwarding, the front-door interceptor with
/// rate limiting and access checks, call logging at info level, a backend pool with health
/// checks). Reported: p50 and p99 of each, and the difference of the p50s (the target is at
/// most 50 µs), with 1 and 16 calls in flight. Client, gateway and backend share this process's
/// threads; `runGatewayClient` measures the same with each in its own process.
func runGatewayBenchmark(calls: Int) async throws {
    let catalogue = try DocumentReader().readEmbedded().catalogue
    let logger = Logger(label: "bench", factory: { StreamLogHandler.standardError(label: $0) })
    let backendTransport = PlanWireServerTransport(host: "127.0.0.1", port: 0)
    let backend = GRPCServer(transport: backendTransport, services: [MetricsService(catalogue: catalogue), HealthService(services: [MetricsService.name])])
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await backend.serve() }
        let backendEndpoint = Endpoint(host: "127.0.0.1", port: try await backendTransport.listeningAddress.port!)
        let pool = BackendPool(serviceName: PlanContract.metricsService, endpoints: [backendEndpoint], logger: logger)
        group.addTask { try await pool.run() }
        let backends = GatewayBackends(catalogue: pool, metrics: pool, configuration: ResilienceConfiguration())
        let gatewayTransport = PlanWireServerTransport(host: "127.0.0.1", port: 0)
        let gateway = GRPCServer(
            transport: gatewayTransport, services: [ForwardingService(backends: backends)],
            interceptors: [
                CallLoggingInterceptor(logger: logger),
                FrontDoorInterceptor(
                    access: AccessPolicy(token: nil), rateLimiter: RateLimiter(rate: 1e9, burst: 1_000_000_000)),
            ])
        group.addTask { try await gateway.serve() }
        let gatewayEndpoint = Endpoint(host: "127.0.0.1", port: try await gatewayTransport.listeningAddress.port!)

        print("GetFigures of one row, \(calls) calls per row, loopback, one process")
        print("                                        calls/s        p50 µs     p99 µs")
        try await compareGateway(direct: backendEndpoint, through: gatewayEndpoint, calls: calls, inFlight: [1, 16]) {
            inFlight, straight, forwarded in
            report("metrics server directly, \(inFlight) in flight", straight)
            report("through plan-gateway, \(inFlight) in flight", forwarded)
            print(String(format: "  latency the gateway adds (p50): %.1f µs", forwarded.p50 - straight.p50))
        }
        gateway.beginGracefulShutdown()
        backend.beginGracefulShutdown()
        group.cancelAll()
    }
}

/// `plan-bench gateway-client --direct HOST:PORT --through HOST:PORT [--calls N] [--in-flight 1,16]`:
/// the same comparison with the client in its own process, against real plan-metrics and
/// plan-gateway processes (scripts/bench-gateway.sh starts them); `row direct …` and
/// `row gateway …` lines for each in-flight count.
func runGatewayClient(_ arguments: [String]) async throws {
    var direct: Endpoint?
    var through: Endpoint?
    var calls = 20_000
    var inFlight = [1, 16]
    var rest = arguments[...]
    while let name = rest.popFirst() {
        guard let value = rest.popFirst() else { throw WireLoadError("\(name) needs a value") }
        switch name {
        case "--direct", "--through":
            guard let endpoint = Endpoint(value) else { throw WireLoadError("\(name) must be HOST:PORT, not \(value)") }
            if name == "--direct" { direct = endpoint } else { through = endpoint }
        case "--calls":
            guard let value = Int(value), value > 0 else { throw WireLoadError("--calls must be a positive whole number") }
            calls = value
        case "--in-flight":
            inFlight = try value.split(separator: ",").map {
                guard let count = Int($0), count > 0 else { throw WireLoadError("--in-flight takes positive whole numbers, not \(value)") }
                return count
            }
        default: throw WireLoadError("unknown option \(name)")
        }
    }
    guard let direct, let through else { throw WireLoadError("--direct and --through are required") }
    try await compareGateway(direct: direct, through: through, calls: calls, inFlight: inFlight) {
        count, straight, forwarded in
        reportRow("direct", inFlight: count, straight)
        reportRow("gateway", inFlight: count, forwarded)
    }
}

/// For each in-flight count, `calls` GetFigures calls straight to `direct` (a metrics server),
/// then as many through `through` (a gateway in front of it), each on its own connection.
private func compareGateway(
    direct: Endpoint, through: Endpoint, calls: Int, inFlight: [Int],
    _ report: (Int, BenchmarkResult, BenchmarkResult) -> Void
) async throws {
    let configuration = try wireConfiguration()
    try await withGRPCClient(transport: PlanWireClientTransport(endpoints: [direct], configuration: configuration)) { straight in
        try await withGRPCClient(transport: PlanWireClientTransport(endpoints: [through], configuration: configuration)) { forwarded in
            for count in inFlight {
                let straightResult = try await drive(calls: calls, concurrency: count, warmUp: 500) { try await figures(straight) }
                let forwardedResult = try await drive(calls: calls, concurrency: count, warmUp: 500) { try await figures(forwarded) }
                report(count, straightResult, forwardedResult)
            }
        }
    }
}

/// One GetFigures call for row 20.3.r4.
private func figures(_ client: GRPCClient<PlanWireClientTransport>) async throws {
    _ = try await client.unary(
        request: ClientRequest(message: GetFiguresRequest(target: .rowID("20.3.r4"))), descriptor: Plan_V1_Metrics.Method.GetFigures.descriptor,
        serializer: ProtobufSerializer<GetFiguresRequest>(), deserializer: ProtobufDeserializer<GetFiguresResponse>(),
        options: .defaults
    ) { try $0.message }
}
