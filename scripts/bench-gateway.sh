#!/usr/bin/env bash
# The latency plan-gateway's binary front adds, as deployed: release builds of plan-catalogue,
# plan-metrics and plan-gateway, each in its own process on loopback (default log level, no
# rate limit: the default 1,000 calls/s per client would throttle the benchmark), and
# `plan-bench gateway-client` in another, making CALLS GetFigures calls (row 20.3.r4) with 1
# and then 16 in flight straight to plan-metrics and through plan-gateway. Prints both rows,
# the p50 the gateway adds (target: at most 50 µs) and the load average, in the default
# configuration; then the same again with every call and handler on its connection's event loop
# (PLAN_WIRE_CALLS_ON_EVENT_LOOP=1) and with everything on Swift concurrency's pool (=0, the
# transport before issue 10's step 3). First, in the same run, the floor of any front in a
# process of its own: a bare frame echo called directly and through a bare byte relay
# (`plan-bench wire-relay`), and the p50 the relay adds.
#
#   scripts/bench-gateway.sh [CALLS]     (default 20000; `make bench` builds the binaries first)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${PLAN_BENCH_BIN:-$ROOT/.build/release}"
CALLS="${1:-20000}"
[[ "$CALLS" =~ ^[1-9][0-9]*$ ]] || { echo "error: CALLS must be a positive whole number, not $CALLS" >&2; exit 2; }
for binary in plan-bench plan-catalogue plan-metrics plan-gateway; do
  [[ -x "$BIN/$binary" ]] || { echo "error: $BIN/$binary is missing (make bench builds it)" >&2; exit 1; }
done

WORK="$(mktemp -d)"
pids=()
# Stops the servers started so far (SIGTERM, SIGKILL after 5 s).
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # Bounded: whatever still runs after 5 s is killed.
  for _ in $(seq 1 50); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}
trap 'stop_all; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# Starts a server with port 0 and sets PORT to the port it reports (`… listening on HOST:PORT`).
# Not in a $(…) subshell, so that its pid reaches `pids` and the cleanup stops it.
# shellcheck source=scripts/bench-start.sh
source "$ROOT/scripts/bench-start.sh"
start() { local name="$1"; shift; start_server "$name" "$name" "$BIN/$name" "$@"; }

# compare FILE DIRECT_TITLE LABEL TITLE ADDS TARGET_US: the `row` lines of FILE (label,
# in-flight count, calls/s, p50, p99) as a table of the `direct` row and the LABEL row per count,
# and the p50 LABEL adds; with TARGET_US > 0, its verdict for one call in flight.
compare() {
  grep '^row ' "$1" | awk -v directTitle="$2" -v label="$3" -v title="$4" -v adds="$5" -v target="$6" '
    { cps[$2, $3] = $4; p50[$2, $3] = $5; p99[$2, $3] = $6; if (!seen[$3]++) counts[++n] = $3 }
    END {
      printf "%-34s %9s %9s %10s\n", "", "calls/s", "p50 µs", "p99 µs"
      for (i = 1; i <= n; i++) {
        c = counts[i]
        printf "%-34s %9d %9.1f %10.1f\n", directTitle ", " c " in flight", cps["direct", c], p50["direct", c], p99["direct", c]
        printf "%-34s %9d %9.1f %10.1f\n", title ", " c " in flight", cps[label, c], p50[label, c], p99[label, c]
        added = p50[label, c] - p50["direct", c]
        verdict = (target > 0 && c == 1) ? (added <= target ? " (target <= " target " µs: met)" : " (target <= " target " µs: not met)") : ""
        printf "  p50 %s, %d in flight: %.1f µs%s\n", adds, c, added, verdict
      }
    }'
}

echo "gateway benchmark: GetFigures of row 20.3.r4, $CALLS calls per row, each program in its own process, loopback"

# The floor of any front in its own process: a bare frame echo (2,721 bytes each way) called
# directly and through a bare byte relay (plan-bench wire-relay), each a process of its own.
"$BIN/plan-bench" wire-payload "$WORK/payload.bin" >/dev/null
start_server echo "" "$BIN/plan-bench" wire-server --kind echo
echo_port=$PORT
start_server relay "" "$BIN/plan-bench" wire-relay --upstream "$echo_port"
relay_port=$PORT
echo "the floor: a bare frame echo directly and through a bare relay in another process:"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for target in "direct $echo_port" "relay $relay_port"; do
  set -- $target
  timeout 600 "$BIN/plan-bench" wire-client --kind echo --port "$2" --calls "$CALLS" --payload "$WORK/payload.bin" \
    --label "$1" >>"$WORK/floor.out" 2>"$WORK/floor.err" \
    || { echo "error: the echo client failed" >&2; cat "$WORK/floor.err" >&2; exit 1; }
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
stop_all
compare "$WORK/floor.out" "bare echo directly" relay "through a bare relay" "a bare relay adds" 0
echo
for onLoop in default 1 0; do
  if [[ $onLoop == default ]]; then unset PLAN_WIRE_CALLS_ON_EVENT_LOOP; else export PLAN_WIRE_CALLS_ON_EVENT_LOOP=$onLoop; fi
  start plan-catalogue --port 0
  catalogue=$PORT
  start plan-metrics --port 0 --database "$WORK/metrics-$onLoop.sqlite"
  metrics=$PORT
  start plan-gateway --port 0 --http-port 0 --catalogue "127.0.0.1:$catalogue" --metrics "127.0.0.1:$metrics" --rate 0
  gateway=$PORT
  case $onLoop in
    default) echo "default configuration (the gateway's calls to its backends on their connections' event loops, everything else on the pool):" ;;
    1) echo "every call and handler on its connection's event loop (PLAN_WIRE_CALLS_ON_EVENT_LOOP=1):" ;;
    0) echo "everything on the concurrency pool (PLAN_WIRE_CALLS_ON_EVENT_LOOP=0):" ;;
  esac
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  timeout 600 "$BIN/plan-bench" gateway-client --direct "127.0.0.1:$metrics" \
    --through "127.0.0.1:$gateway" --calls "$CALLS" >"$WORK/client.out" 2>"$WORK/client.err" \
    || { echo "error: the gateway client failed" >&2; cat "$WORK/client.err" >&2; exit 1; }
  echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
  stop_all
  compare "$WORK/client.out" "plan-metrics directly" gateway "through plan-gateway" "the gateway adds" 50
  echo
done
