import GRPCCore
import PlanObservability
import PlanWire
import PlanServerRuntime
import Testing

@Suite("RPCMetricsInterceptor and ConnectionMetrics over a loopback PlanWire server")
struct RPCMetricsInterceptorTests {
    /// Runs a probe server with the metrics interceptor and connection metrics on `metrics`,
    /// and a client of it, for the duration of `body`.
    func withProbe(
        metrics: TestMetrics, service: ProbeService = ProbeService(),
        _ body: (GRPCClient<PlanWireClientTransport>) async throws -> Void
    ) async throws {
        let factory = metrics.factory
        let transport = PlanWireServerTransport(
            host: "127.0.0.1", port: 0, connectionObserver: ConnectionMetrics(factory: factory).observe)
        try await withGRPCServer(
            transport: transport, services: [service], interceptors: [RPCMetricsInterceptor(factory: factory)]
        ) { _ in
            let port = try #require(try await transport.listeningAddress.port)
            let client = PlanWireClientTransport(endpoints: [Endpoint(host: "127.0.0.1", port: port)])
            try await withGRPCClient(transport: client) { client in try await body(client) }
        }
    }

    @Test("calls are counted by method and status, timed in a histogram per method")
    func countsAndTimes() async throws {
        let metrics = TestMetrics()
        try await withProbe(metrics: metrics) { client in
            for _ in 0..<3 { _ = try await client.call(ProbeService.get) }
            await #expect(throws: RPCError.self) { try await client.call(ProbeService.missing) }
        }
        let exposition = Exposition(metrics.registry)
        #expect(exposition[#"plan_rpc_calls_total{method="test.Probe/Get",code="OK"}"#] == 3)
        #expect(exposition[#"plan_rpc_calls_total{method="test.Probe/Missing",code="NOT_FOUND"}"#] == 1)
        #expect(exposition[#"plan_rpc_duration_seconds_count{method="test.Probe/Get"}"#] == 3)
        #expect(exposition[#"plan_rpc_duration_seconds_count{method="test.Probe/Missing"}"#] == 1)
        #expect(exposition[#"plan_rpc_duration_seconds_bucket{method="test.Probe/Get",le="+Inf"}"#] == 3)
        #expect(exposition[#"plan_rpc_duration_seconds_bucket{method="test.Probe/Get",le="10.0"}"#] == 3)
        let buckets = exposition.lines.filter { $0.hasPrefix(#"plan_rpc_duration_seconds_bucket{method="test.Probe/Get""#) }
        #expect(buckets.count == 17)  // 16 bounds and +Inf
        let sum = try #require(exposition[#"plan_rpc_duration_seconds_sum{method="test.Probe/Get"}"#])
        #expect(sum > 0 && sum < 10)
        #expect(exposition[#"plan_rpc_in_flight{method="test.Probe/Get"}"#] == 0)
        #expect(exposition.lines.contains("# TYPE plan_rpc_calls_total counter"))
        #expect(exposition.lines.contains("# TYPE plan_rpc_duration_seconds histogram"))
    }

    @Test("a call being answered is in flight, and is no longer once answered")
    func inFlight() async throws {
        let metrics = TestMetrics()
        let service = ProbeService()
        let series = #"plan_rpc_in_flight{method="test.Probe/Hold"}"#
        try await withProbe(metrics: metrics, service: service) { client in
            try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0..<2 { group.addTask { try await client.call(ProbeService.hold) } }
                #expect(try await eventually { Exposition(metrics.registry)[series] == 2 })
                service.release()
                for try await answer in group { #expect(answer == [1]) }
            }
        }
        let exposition = Exposition(metrics.registry)
        #expect(exposition[series] == 0)
        #expect(exposition[#"plan_rpc_calls_total{method="test.Probe/Hold",code="OK"}"#] == 2)
    }

    @Test("open connections go up while a client is connected and back down once it leaves")
    func connections() async throws {
        let metrics = TestMetrics()
        try await withProbe(metrics: metrics) { client in
            _ = try await client.call(ProbeService.get)
            let exposition = Exposition(metrics.registry)
            #expect(exposition["plan_wire_connections_open"] == 1)
            #expect(exposition["plan_wire_connections_accepted_total"] == 1)
        }
        #expect(try await eventually { Exposition(metrics.registry)["plan_wire_connections_open"] == 0 })
        #expect(Exposition(metrics.registry)["plan_wire_connections_accepted_total"] == 1)
    }

    @Test("status codes get gRPC's canonical names")
    func canonicalNames() {
        #expect(RPCError.Code.notFound.canonicalName == "NOT_FOUND")
        #expect(RPCError.Code.internalError.canonicalName == "INTERNAL")
        #expect(RPCError.Code.deadlineExceeded.canonicalName == "DEADLINE_EXCEEDED")
        #expect(RPCError.Code.canonicalName(of: RPCError(code: .unavailable, message: "")) == "UNAVAILABLE")
        struct Other: Error {}
        #expect(RPCError.Code.canonicalName(of: Other()) == "UNKNOWN")
    }
}
