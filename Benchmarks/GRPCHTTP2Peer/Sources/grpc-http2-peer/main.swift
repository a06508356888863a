import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import NIOCore
import NIOPosix

/// The HTTP/2 peer of ProgrammePlan's wire benchmark (scripts/bench-wire.sh):
///
///     grpc-http2-peer server [--port PORT]   the echo service over HTTP/2 on 127.0.0.1;
///                                            prints `listening on 127.0.0.1:PORT`, serves until killed
///     grpc-http2-peer client --port PORT [--calls N] [--in-flight 1,16] [--payload FILE] [--label NAME]
///                                            echo calls, one `row` line per in-flight count
///
/// `PLAN_BENCH_NIO_EXECUTOR=1` runs Swift concurrency's jobs on NIO's event loops, as in plan-bench.
if wantsNIOExecutor, !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
    fatalError("PLAN_BENCH_NIO_EXECUTOR=1, but NIO's event loops could not become the global executor")
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "server":
        var port = 0
        if arguments.count == 3, arguments[1] == "--port", let value = Int(arguments[2]) { port = value }
        else if arguments.count != 1 { throw WireLoadError("usage: grpc-http2-peer server [--port PORT]") }
        let transport = HTTP2ServerTransport.Posix(address: .ipv4(host: "127.0.0.1", port: port), transportSecurity: .plaintext)
        try await withGRPCServer(transport: transport, services: [EchoService()]) { _ in
            guard let bound = try await transport.listeningAddress.ipv4 else { throw WireLoadError("the server is not on IPv4") }
            announceListening(host: bound.host, port: bound.port)
            try await Task.sleep(for: .seconds(86_400 * 365))
        }
    case "client":
        let options = try WireClientOptions(arguments: Array(arguments.dropFirst()))
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: options.host, port: options.port), transportSecurity: .plaintext)
        try await runEchoClient(transport: transport, options: options)
    default:
        throw WireLoadError("usage: grpc-http2-peer server [--port PORT] | grpc-http2-peer client --port PORT [--calls N] [--in-flight 1,16] [--payload FILE] [--label NAME]")
    }
} catch {
    FileHandle.standardError.write("grpc-http2-peer: \(error)\n".data(using: .utf8)!)
    exit(1)
}
