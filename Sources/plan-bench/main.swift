/// Release-build benchmarks (`make bench`):
///
///     plan-bench ingest [RUNS]   reading the whole document
///     plan-bench wire [CALLS]    unary calls over PlanWire beside a bare frame echo
let arguments = Array(CommandLine.arguments.dropFirst())
let count = arguments.dropFirst().first.flatMap(Int.init)
switch arguments.first {
case "ingest":
    try runIngestBenchmark(iterations: count ?? 200)
case "wire":
    try await runWireBenchmark(calls: count ?? 20_000)
default:
    print("usage: plan-bench ingest [RUNS] | plan-bench wire [CALLS]")
}
