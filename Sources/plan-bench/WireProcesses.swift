import Foundation
import GRPCCore
import NIOCore
import NIOPosix
import PlanWire

/// The two ends of the cross-process wire benchmark (scripts/bench-wire.sh), as deployed:
/// server and client in separate processes on loopback, default `PlanWireConfiguration` (with
/// the `PLAN_WIRE_*` environment variables applied).
enum WireKind: String {
    /// PlanWire under GRPCCore: `PlanWireServerTransport` serving the echo service.
    case planwire
    /// The bare NIO frame echo (10-byte header frames).
    case echo

    /// Reads `--kind KIND` off the front of `arguments`, returning the rest.
    static func parse(_ arguments: [String]) throws -> (WireKind, [String]) {
        guard arguments.count >= 2, arguments[0] == "--kind" else { throw WireLoadError("--kind planwire|echo comes first") }
        guard let kind = WireKind(rawValue: arguments[1]) else {
            throw WireLoadError("--kind must be planwire or echo, not \(arguments[1])")
        }
        return (kind, Array(arguments.dropFirst(2)))
    }
}

/// The default configuration with the `PLAN_WIRE_*` environment variables applied, as the
/// services read them (scripts/bench-wire.sh sets `PLAN_WIRE_CALLS_ON_EVENT_LOOP`).
func wireConfiguration() throws -> PlanWireConfiguration {
    try PlanWireConfiguration().applyingEnvironment(ProcessInfo.processInfo.environment)
}

/// `plan-bench wire-server --kind planwire|echo [--port PORT]`: serves on 127.0.0.1, prints
/// `listening on 127.0.0.1:PORT`, and runs until the process is killed.
func runWireServer(_ arguments: [String]) async throws {
    let (kind, rest) = try WireKind.parse(arguments)
    var port = 0
    if rest.count == 2, rest[0] == "--port", let value = Int(rest[1]), (0...65535).contains(value) { port = value }
    else if !rest.isEmpty { throw WireLoadError("usage: plan-bench wire-server --kind planwire|echo [--port PORT]") }
    switch kind {
    case .planwire:
        let transport = PlanWireServerTransport(host: "127.0.0.1", port: port, configuration: try wireConfiguration())
        try await withGRPCServer(transport: transport, services: [EchoService()]) { _ in
            announceListening(host: "127.0.0.1", port: try await transport.listeningAddress.port!)
            try await Task.sleep(for: .seconds(86_400 * 365))
        }
    case .echo:
        let server = try await startBareEchoServer(port: port)
        announceListening(host: "127.0.0.1", port: server.localAddress!.port!)
        try await server.closeFuture.get()
    }
}

/// `plan-bench wire-relay --upstream PORT [--port PORT]`: a bare byte relay (``startBareRelay``)
/// on 127.0.0.1 to 127.0.0.1:PORT; prints `listening on 127.0.0.1:PORT`, runs until killed.
func runWireRelay(_ arguments: [String]) async throws {
    let usage = WireLoadError("usage: plan-bench wire-relay --upstream PORT [--port PORT]")
    var upstream: Int?
    var port = 0
    var rest = arguments[...]
    while let option = rest.popFirst() {
        guard let text = rest.popFirst(), let value = Int(text), (0...65535).contains(value) else { throw usage }
        switch option {
        case "--upstream": upstream = value
        case "--port": port = value
        default: throw usage
        }
    }
    guard let upstream, upstream > 0 else { throw usage }
    let relay = try await startBareRelay(port: port, upstreamHost: "127.0.0.1", upstreamPort: upstream)
    announceListening(host: "127.0.0.1", port: relay.localAddress!.port!)
    try await relay.closeFuture.get()
}

/// `plan-bench wire-client --kind planwire|echo --port PORT [--calls N] [--in-flight 1,16]
/// [--payload FILE] [--label NAME]`: one `row` line per in-flight count.
func runWireClient(_ arguments: [String]) async throws {
    let (kind, rest) = try WireKind.parse(arguments)
    let options = try WireClientOptions(arguments: rest)
    switch kind {
    case .planwire:
        let transport = PlanWireClientTransport(
            endpoints: [Endpoint(host: options.host, port: options.port)], configuration: try wireConfiguration())
        try await runEchoClient(transport: transport, options: options)
    case .echo:
        let payload = try options.payload()
        for inFlight in options.inFlight {
            let result = try await benchmarkBareEcho(
                host: options.host, port: options.port, payload: payload, calls: options.calls,
                concurrency: inFlight, warmUp: 500)
            reportRow(options.label, inFlight: inFlight, result)
        }
    }
}
