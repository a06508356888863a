# Sourced by the HTTP benchmarks (scripts/bench-gateway-http.sh, scripts/bench-gateway-admission.sh):
# installs wrk from Debian when missing, starts release builds of plan-catalogue, one
# plan-metrics and plan-gateway on loopback (no rate limit; GATEWAY_ARGS added to the gateway's
# flags), and sets HTTP (the HTTP port), GATEWAY_PID and WORK. Everything started is stopped on
# exit. Helpers: rss_mb PID (VmRSS in MB), cpu_ticks PID (utime + stime in clock ticks).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${PLAN_BENCH_BIN:-$ROOT/.build/release}"
GATEWAY_BIN="${PLAN_BENCH_GATEWAY_BIN:-$BIN/plan-gateway}"
for binary in "$BIN/plan-catalogue" "$BIN/plan-metrics" "$GATEWAY_BIN"; do
  [[ -x "$binary" ]] || { echo "error: $binary is missing (make release builds it)" >&2; exit 1; }
done
if ! command -v wrk >/dev/null; then
  echo "installing wrk"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
WORK="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Starts a server with port 0 and sets PORT to the port it reports (`MARKER listening on HOST:PORT`).
# Not in a $(…) subshell, so that its pid reaches `pids` and the cleanup stops it.
start() {
  local binary="$1" marker="$2"; shift 2
  local name; name="$(basename "$binary")"
  "$binary" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  pids+=("$!")
  for _ in $(seq 1 300); do
    PORT=$(grep -m1 "^$marker listening on " "$WORK/$name.out" 2>/dev/null | sed 's/.*://' || true)
    [[ -n "$PORT" ]] && return 0
    sleep 0.1
  done
  echo "error: $name did not start" >&2; cat "$WORK/$name.err" >&2; exit 1
}

rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
# Fields 14 and 15 of /proc/PID/stat, counted after the command name (which may hold spaces).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
CLOCK_TICKS="$(getconf CLK_TCK)"

start "$BIN/plan-catalogue" plan-catalogue --port 0 --log-level warning
catalogue=$PORT
start "$BIN/plan-metrics" plan-metrics --port 0 --database "$WORK/metrics.sqlite" --log-level warning
metrics=$PORT
# shellcheck disable=SC2086
start "$GATEWAY_BIN" "plan-gateway HTTP" --port 0 --http-port 0 --catalogue "127.0.0.1:$catalogue" \
  --metrics "127.0.0.1:$metrics" --rate 0 --log-level warning ${GATEWAY_ARGS:-}
HTTP=$PORT
GATEWAY_PID="${pids[-1]}"
