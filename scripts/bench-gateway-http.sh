#!/usr/bin/env bash
# HTTP JSON requests per second through plan-gateway (release build): starts plan-catalogue,
# one plan-metrics and plan-gateway on loopback (no rate limit), then drives the HTTP front with
# wrk (installed from Debian when missing) for DURATION seconds per endpoint, C connections on
# 2 threads. The server processes and wrk share the machine's cores.
#
#   scripts/bench-gateway-http.sh [DURATION] [CONNECTIONS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${PLAN_BENCH_BIN:-$ROOT/.build/release}"
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"

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

# Starts a server with port 0 and sets PORT to the port it reports (`… listening on HOST:PORT`).
# Not in a $(…) subshell, so that its pid reaches `pids` and the cleanup stops it.
start() {
  local name="$1" marker="$2"; shift 2
  "$BIN/$name" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  pids+=("$!")
  for _ in $(seq 1 300); do
    PORT=$(grep -m1 "^$marker listening on " "$WORK/$name.out" 2>/dev/null | sed 's/.*://' || true)
    [[ -n "$PORT" ]] && return 0
    sleep 0.1
  done
  echo "error: $name did not start" >&2; cat "$WORK/$name.err" >&2; exit 1
}

start plan-catalogue plan-catalogue --port 0 --log-level warning
catalogue=$PORT
start plan-metrics plan-metrics --port 0 --database "$WORK/metrics.sqlite" --log-level warning
metrics=$PORT
start plan-gateway plan-gateway --port 0 --http-port 0 --catalogue "127.0.0.1:$catalogue" \
  --metrics "127.0.0.1:$metrics" --rate 0 --log-level warning
http=$(grep -m1 "^plan-gateway HTTP listening on " "$WORK/plan-gateway.out" | sed 's/.*://' || true)
for _ in $(seq 1 100); do [[ -n "$http" ]] && break; sleep 0.1
  http=$(grep -m1 "^plan-gateway HTTP listening on " "$WORK/plan-gateway.out" | sed 's/.*://' || true); done

for path in "/v1/programmes/p6?view=basic" \
            "/v1/metrics/aggregate?column=planned_2020&drilldown=programme,measure&cut=category:A&page_size=100" \
            "/healthz"; do
  curl -sf "http://127.0.0.1:$http$path" >/dev/null || { echo "error: GET $path failed" >&2; exit 1; }
  echo "== GET $path ($CONNECTIONS connections, ${DURATION}s)"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$http$path" \
    | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
done

# A third client's latency beside expensive and slow ones (the figures of BENCHMARKS.md's
# "admission" table): alone, then while 8 connections pull GET /v1/rows as fast as they can and
# 50 connections pipeline it without reading (closed by the write timeout after 30 s).
small="/v1/programmes/p6?view=basic"
echo "== GET $small, 4 connections, alone (${DURATION}s)"
wrk -t1 -c4 -d"${DURATION}s" --latency "http://127.0.0.1:$http$small" | grep -E "Requests/sec|50%|99%|Non-2xx"
python3 - "$http" "$((DURATION + 3))" <<'PY' &
import socket, sys, time
port, seconds = int(sys.argv[1]), float(sys.argv[2])
sockets = []
for _ in range(50):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /v1/rows HTTP/1.1\r\nHost: x\r\n\r\n" * 20)
    sockets.append(s)
time.sleep(seconds)
PY
slow=$!
wrk -t1 -c8 -d"$((DURATION + 2))s" "http://127.0.0.1:$http/v1/rows" > "$WORK/puller.txt" &
puller=$!
sleep 1
echo "== GET $small, 4 connections, beside 8 pulling /v1/rows and 50 pipelining it unread (${DURATION}s)"
wrk -t1 -c4 -d"${DURATION}s" --latency "http://127.0.0.1:$http$small" | grep -E "Requests/sec|50%|99%|Non-2xx"
wait "$puller" || true
wait "$slow" || true
echo "   the puller: $(grep -E 'Requests/sec|Non-2xx' "$WORK/puller.txt" | tr -s ' ' | tr '\n' ' ')"
