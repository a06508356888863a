/// Release-build benchmarks (`make bench`):
///
///     plan-bench ingest [RUNS]   reading the whole document
///     plan-bench wire [CALLS]    unary calls over PlanWire beside a bare frame echo
///     plan-bench metrics [RUNS] [MAX_ROWS]
///                                aggregates over the document (RUNS each) and over synthetic
///                                catalogues of 10³ rows up to MAX_ROWS (default 10⁶)
///     plan-bench gateway [CALLS] the latency plan-gateway's binary front adds
let arguments = Array(CommandLine.arguments.dropFirst())
let count = arguments.dropFirst().first.flatMap(Int.init)
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
default:
    print("usage: plan-bench ingest [RUNS] | plan-bench wire [CALLS] | plan-bench metrics [RUNS] [MAX_ROWS] | plan-bench gateway [CALLS]")
}
