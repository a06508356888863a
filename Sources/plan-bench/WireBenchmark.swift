import Foundation
import GRPCCore
import GRPCInProcessTransport
import NIOCore
import NIOPosix
import PlanWire

/// In one process (`plan-bench wire`): unary calls per second and latency percentiles over
/// loopback, with 1 and 16 calls in flight, for the PlanWire transport under GRPCCore, for a
/// bare frame echo over the same kind of socket (the practical limit of the sockets), and for
/// GRPCCore with its in-process transport (the cost of GRPCCore itself, no sockets): all send
/// the same 2,721-byte payload each way. Client and server share the process's threads; the
/// cross-process benchmark (scripts/bench-wire.sh) measures them as they are deployed.
func runWireBenchmark(calls: Int) async throws {
    let payload = try realPayload()
    print("payload \(payload.count) bytes each way, \(calls) calls per row, loopback, one process")
    print("                                        calls/s        p50 µs     p99 µs")
    let echoServer = try await startBareEchoServer()
    for concurrency in [1, 16] {
        let echo = try await benchmarkBareEcho(
            port: echoServer.localAddress!.port!, payload: payload, calls: calls, concurrency: concurrency)
        report("bare frame echo, \(concurrency) in flight", echo)
        let inProcess = try await benchmarkInProcess(payload: payload, calls: calls, concurrency: concurrency)
        report("GRPCCore in-process, \(concurrency) in flight", inProcess)
        let wire = try await benchmarkPlanWire(payload: payload, calls: calls, concurrency: concurrency)
        report("PlanWire + GRPCCore, \(concurrency) in flight", wire)
        print(String(format: "  ratio PlanWire / bare echo (calls/s): %.2f", wire.callsPerSecond / echo.callsPerSecond))
        let floor = 1 / (1 / echo.callsPerSecond + 1 / inProcess.callsPerSecond)
        print(String(format: "  ratio PlanWire / (bare echo + GRPCCore's own cost): %.2f", wire.callsPerSecond / floor))
    }
    try await echoServer.close()
}

private func benchmarkPlanWire(payload: [UInt8], calls: Int, concurrency: Int) async throws -> BenchmarkResult {
    let serverTransport = PlanWireServerTransport(host: "127.0.0.1", port: 0)
    return try await withGRPCServer(transport: serverTransport, services: [EchoService()]) { _ in
        let port = try await serverTransport.listeningAddress.port!
        let clientTransport = PlanWireClientTransport(endpoints: [Endpoint(host: "127.0.0.1", port: port)])
        return try await withGRPCClient(transport: clientTransport) { client in
            try await drive(calls: calls, concurrency: concurrency) { try await echo(client, payload) }
        }
    }
}

private func benchmarkInProcess(payload: [UInt8], calls: Int, concurrency: Int) async throws -> BenchmarkResult {
    let transport = InProcessTransport()
    return try await withGRPCServer(transport: transport.server, services: [EchoService()]) { _ in
        try await withGRPCClient(transport: transport.client) { client in
            try await drive(calls: calls, concurrency: concurrency) { try await echo(client, payload) }
        }
    }
}
