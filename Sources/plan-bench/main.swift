import Foundation
import NIOCore
import NIOPosix

/// Release-build benchmarks (`make bench`):
///
///     plan-bench ingest [RUNS]   reading the whole document
///     plan-bench wire [CALLS]    unary calls over PlanWire beside a bare frame echo, in one process
///     plan-bench metrics [RUNS] [MAX_ROWS]
///                                aggregates over the document (RUNS each) and over synthetic
///                                catalogues of 10³ rows up to MAX_ROWS (default 10⁶)
///     plan-bench gateway [CALLS] the latency plan-gateway's binary front adds, in one process
///     plan-bench answers [RUNS]  GET /v1/rows' answer decoded from protobuf and written as JSON
///
/// The ends of the cross-process benchmarks, which scripts/bench-wire.sh and
/// scripts/bench-gateway.sh start:
///
///     plan-bench wire-payload FILE
///                                writes the 2,721-byte message the wire clients send
///     plan-bench wire-server --kind planwire|echo [--port PORT]
///                                an echo server; prints `listening on 127.0.0.1:PORT`, runs until killed
///     plan-bench wire-relay --upstream PORT [--port PORT]
///                                a bare byte relay to 127.0.0.1:PORT; prints `listening on 127.0.0.1:PORT`
///     plan-bench wire-client --kind planwire|echo --port PORT [--calls N] [--in-flight 1,16]
///                            [--payload FILE] [--label NAME]
///                                echo calls to it, one `row` line per in-flight count
///     plan-bench gateway-client --direct HOST:PORT --through HOST:PORT [--calls N] [--in-flight 1,16]
///                                GetFigures straight to plan-metrics and through plan-gateway
///
/// `PLAN_BENCH_NIO_EXECUTOR=1` makes NIO's event loops Swift concurrency's global executor
/// (`NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()`,
/// done here before anything else runs), so that tasks run on the threads doing the I/O.
if wantsNIOExecutor, !NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() {
    fatalError("PLAN_BENCH_NIO_EXECUTOR=1, but NIO's event loops could not become the global executor")
}

let arguments = Array(CommandLine.arguments.dropFirst())
let count = arguments.dropFirst().first.flatMap(Int.init)
let options = Array(arguments.dropFirst())
do {
    switch arguments.first {
    case "ingest":
        try runIngestBenchmark(iterations: count ?? 200)
    case "wire":
        try await runWireBenchmark(calls: count ?? 20_000)
    case "metrics":
        try runMetricsBenchmark(
            iterations: count ?? 2_000, maxRows: arguments.dropFirst(2).first.flatMap(Int.init) ?? 1_000_000)
    case "gateway":
        try await runGatewayBenchmark(calls: count ?? 20_000)
    case "answers":
        try runAnswerBenchmark(iterations: count ?? 200)
    case "wire-payload":
        try writeWirePayload(options)
    case "wire-server":
        try await runWireServer(options)
    case "wire-relay":
        try await runWireRelay(options)
    case "wire-client":
        try await runWireClient(options)
    case "gateway-client":
        try await runGatewayClient(options)
    default:
        print("usage: plan-bench ingest [RUNS] | wire [CALLS] | metrics [RUNS] [MAX_ROWS] | gateway [CALLS] | answers [RUNS]")
        print("       plan-bench wire-payload FILE | wire-server --kind planwire|echo [--port PORT]")
        print("       plan-bench wire-relay --upstream PORT [--port PORT]")
        print("       plan-bench wire-client --kind planwire|echo --port PORT [--calls N] [--in-flight 1,16] [--payload FILE] [--label NAME]")
        print("       plan-bench gateway-client --direct HOST:PORT --through HOST:PORT [--calls N] [--in-flight 1,16]")
        if arguments.first != nil { exit(2) }
    }
} catch {
    FileHandle.standardError.write("plan-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
