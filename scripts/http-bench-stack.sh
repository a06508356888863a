# Sourced by the HTTP benchmarks (scripts/bench-gateway-http.sh, scripts/bench-gateway-admission.sh):
# installs wrk from Debian when missing, starts release builds of plan-catalogue, one
# plan-metrics and plan-gateway on loopback (no rate limit; GATEWAY_ARGS added to the gateway's
# flags), and sets HTTP (the HTTP port), GATEWAY_PID, CATALOGUE_PID, METRICS_PID and WORK. Everything started is stopped on
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

# shellcheck source=scripts/bench-start.sh
source "$ROOT/scripts/bench-start.sh"

rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
# Fields 14 and 15 of /proc/PID/stat, counted after the command name (which may hold spaces).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
CLOCK_TICKS="$(getconf CLK_TCK)"

start_server plan-catalogue plan-catalogue "$BIN/plan-catalogue" --port 0 --log-level warning
catalogue=$PORT
CATALOGUE_PID="${pids[-1]}"
start_server plan-metrics plan-metrics "$BIN/plan-metrics" --port 0 --database "$WORK/metrics.sqlite" --log-level warning
metrics=$PORT
METRICS_PID="${pids[-1]}"
# shellcheck disable=SC2086
start_server plan-gateway "plan-gateway HTTP" "$GATEWAY_BIN" --port 0 --http-port 0 --catalogue "127.0.0.1:$catalogue" \
  --metrics "127.0.0.1:$metrics" --rate 0 --log-level warning ${GATEWAY_ARGS:-}
HTTP=$PORT
GATEWAY_PID="${pids[-1]}"
