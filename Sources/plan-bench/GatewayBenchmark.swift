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
/// checks). Reported: p50 and p99 of each, and the difference of the p50s (the target is under
/// 100 µs), with 1 and 16 calls in flight.
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

        print("GetFigures of one row, \(calls) calls per row, loopback")
        print("                                        calls/s        p50 µs     p99 µs")
        try await withGRPCClient(transport: PlanWireClientTransport(endpoints: [backendEndpoint])) { direct in
            try await withGRPCClient(transport: PlanWireClientTransport(endpoints: [gatewayEndpoint])) { through in
                for concurrency in [1, 16] {
                    let straight = try await drive(calls: calls, concurrency: concurrency) { try await figures(direct) }
                    report("metrics server directly, \(concurrency) in flight", straight)
                    let forwarded = try await drive(calls: calls, concurrency: concurrency) { try await figures(through) }
                    report("through plan-gateway, \(concurrency) in flight", forwarded)
                    print(String(format: "  latency the gateway adds (p50): %.1f µs", forwarded.p50 - straight.p50))
                }
            }
        }
        gateway.beginGracefulShutdown()
        backend.beginGracefulShutdown()
        group.cancelAll()
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
