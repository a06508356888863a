#!/usr/bin/env bash
# The cross-process wire benchmark, as deployed: for each transport an echo server in its own
# process on loopback and a client process driving it over one connection, a 2,721-byte real
# message each way (a GetTable response of the document, `plan-bench wire-payload`), CALLS calls
# with 1 and then 16 in flight. Prints every row and the ratios of the targets, all from this run:
#
#   echo      bare NIO frame echo, 10-byte header frames (plan-bench wire-server --kind echo)
#   http2     GRPCCore over grpc-swift-nio-transport's HTTP/2 transport, posix, plaintext
#             (Benchmarks/GRPCHTTP2Peer)
#   planwire  GRPCCore over PlanWire (plan-bench wire-server --kind planwire), default
#             configuration: calls and handlers on Swift concurrency's pool
#
# and, to measure where calls should run, PlanWire with PLAN_WIRE_CALLS_ON_EVENT_LOOP=1 (client
# calls and server handlers on their connection's event loop) on both sides ("planwire-loop"),
# in the server only ("planwire-loop-server") and in the client only ("planwire-loop-client",
# as the gateway reaches its backends).
#
# With BENCH_WIRE_NIO_EXECUTOR=1, also every row with NIO's event loops installed as Swift
# concurrency's global executor (PLAN_BENCH_NIO_EXECUTOR=1) on both sides ("+nio-exec"), and
# PlanWire with it in the server or the client only.
#
#   scripts/bench-wire.sh [CALLS]        (default 20000; `make bench` builds the binaries first)
#
# Binaries: $PLAN_BENCH_BIN/plan-bench (default .build/release) and $PLAN_BENCH_PEER
# (default Benchmarks/GRPCHTTP2Peer/.build/release/grpc-http2-peer).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${PLAN_BENCH_BIN:-$ROOT/.build/release}"
PEER="${PLAN_BENCH_PEER:-$ROOT/Benchmarks/GRPCHTTP2Peer/.build/release/grpc-http2-peer}"
CALLS="${1:-20000}"
[[ "$CALLS" =~ ^[1-9][0-9]*$ ]] || { echo "error: CALLS must be a positive whole number, not $CALLS" >&2; exit 2; }
for binary in "$BIN/plan-bench" "$PEER"; do
  [[ -x "$binary" ]] || { echo "error: $binary is missing (make bench builds it)" >&2; exit 1; }
done

WORK="$(mktemp -d)"
pids=()
# shellcheck source=scripts/bench-start.sh
source "$ROOT/scripts/bench-start.sh"
server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    # Bounded: a server that ignores SIGTERM for 5 s is killed.
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap 'stop_server; for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

"$BIN/plan-bench" wire-payload "$WORK/payload.bin" >/dev/null

# run LABEL "SERVER_ENV" "CLIENT_ENV" SERVER_COMMAND… -- CLIENT_COMMAND…
# Starts the server (port 0) with the environment assignments SERVER_ENV (NAME=VALUE, spaces
# between), waits up to 30 s for `listening on HOST:PORT`, runs the client against it with
# CLIENT_ENV (at most 10 minutes), keeps its `row` lines, stops the server.
run() {
  local label="$1" server_env="$2" client_env="$3"; shift 3
  local server=() client=()
  while [[ "$1" != "--" ]]; do server+=("$1"); shift; done
  shift; client=("$@")
  # shellcheck disable=SC2086  # the assignments split on spaces
  start_server "$label-server" "" env $server_env "${server[@]}"
  server_pid="${pids[-1]}"
  local port="$PORT"
  # shellcheck disable=SC2086
  if ! env $client_env timeout 600 "${client[@]}" --port "$port" --calls "$CALLS" \
      --payload "$WORK/payload.bin" --label "$label" >"$WORK/client.out" 2>"$WORK/client.err"; then
    echo "error: the $label client failed" >&2; cat "$WORK/client.err" >&2; exit 1
  fi
  grep '^row ' "$WORK/client.out" | cut -d' ' -f2- >>"$WORK/rows"
  stop_server
}

bench=("$BIN/plan-bench")
echo "wire benchmark: $(wc -c <"$WORK/payload.bin") bytes each way, $CALLS calls per row, one connection, loopback"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
planwire=(wire-server --kind planwire -- "${bench[@]}" wire-client --kind planwire)
pool=PLAN_WIRE_CALLS_ON_EVENT_LOOP=0
loop=PLAN_WIRE_CALLS_ON_EVENT_LOOP=1
run echo "" "" "${bench[@]}" wire-server --kind echo -- "${bench[@]}" wire-client --kind echo
run http2 "" "" "$PEER" server -- "$PEER" client
run planwire "" "" "${bench[@]}" "${planwire[@]}"
run planwire-loop "$loop" "$loop" "${bench[@]}" "${planwire[@]}"
run planwire-loop-server "$loop" "$pool" "${bench[@]}" "${planwire[@]}"
run planwire-loop-client "$pool" "$loop" "${bench[@]}" "${planwire[@]}"
if [[ "${BENCH_WIRE_NIO_EXECUTOR:-0}" == 1 ]]; then
  exec=PLAN_BENCH_NIO_EXECUTOR=1
  run echo+nio-exec "$exec" "$exec" "${bench[@]}" wire-server --kind echo -- "${bench[@]}" wire-client --kind echo
  run http2+nio-exec "$exec" "$exec" "$PEER" server -- "$PEER" client
  run planwire+nio-exec "$exec" "$exec" "${bench[@]}" "${planwire[@]}"
  run planwire+nio-exec-server "$exec" "" "${bench[@]}" "${planwire[@]}"
  run planwire+nio-exec-client "" "$exec" "${bench[@]}" "${planwire[@]}"
fi
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo

awk '
  { cps[$1, $2] = $3; p50[$1, $2] = $4; p99[$1, $2] = $5; if (!seen[$1]++) order[++n] = $1 }
  function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
  function verdict(value, target, atLeast) {
    return (atLeast ? value >= target : value <= target) ? "met" : "not met"
  }
  function targets(suffix, title,    seq, p, par) {
    seq = cps["planwire" suffix, 1] / cps["http2" suffix, 1]
    p = p50["planwire" suffix, 1] / p50["echo" suffix, 1]
    par = cps["planwire" suffix, 16] / cps["http2" suffix, 16]
    printf "%s\n", title
    printf "  PlanWire / HTTP/2 peer, calls/s, 1 in flight:   %6.2f  (target >= 10: %s)\n", seq, verdict(seq, 10, 1)
    printf "  PlanWire / bare echo, p50, 1 in flight:         %6.2f  (target <= 2: %s)\n", p, verdict(p, 2, 0)
    printf "  PlanWire / HTTP/2 peer, calls/s, 16 in flight:  %6.2f  (target >= 5: %s)\n", par, verdict(par, 5, 1)
  }
  END {
    printf "%-26s %9s %9s %10s %9s %9s %10s\n", "", "1 in flight", "", "", "16 in flight", "", ""
    printf "%-26s %9s %9s %10s %9s %9s %10s\n", "row", "calls/s", "p50 µs", "p99 µs", "calls/s", "p50 µs", "p99 µs"
    for (i = 1; i <= n; i++) {
      r = order[i]
      printf "%-26s %9d %9.1f %10.1f %9d %9.1f %10.1f\n", r, cps[r, 1], p50[r, 1], p99[r, 1], cps[r, 16], p50[r, 16], p99[r, 16]
    }
    print ""
    targets("", "ratios (default configuration, as the services run):")
    print "calls on the event loop: PlanWire calls/s against PlanWire with everything on the concurrency pool (1 / 16 in flight):"
    split("planwire-loop-client planwire-loop planwire-loop-server", steps, " ")
    split("client only,client and server,server only", names, ",")
    for (i = 1; i <= 3; i++) {
      printf "  %-26s %6s / %6s\n", names[i], ratio(cps[steps[i], 1], cps["planwire", 1]), ratio(cps[steps[i], 16], cps["planwire", 16])
    }
    if (("planwire+nio-exec", 1) in cps) {
      targets("+nio-exec", "ratios, NIO event loops as the global executor on both sides of every row:")
      print "NIO event loops as the global executor, PlanWire calls/s against PlanWire without (1 / 16 in flight):"
      split("+nio-exec-server +nio-exec-client +nio-exec", levers, " ")
      for (i = 1; i <= 3; i++) {
        r = "planwire" levers[i]
        printf "  %-26s %6s / %6s\n", r, ratio(cps[r, 1], cps["planwire", 1]), ratio(cps[r, 16], cps["planwire", 16])
      }
    }
  }
' "$WORK/rows"
