#!/usr/bin/env bash
# Admission by cost (issue 13, item 3), the scenario of the adversarial SlowClientTests with
# release builds: a third client's GET /v1/programmes/p6?view=basic latency (wrk, 4
# connections, DURATION seconds) alone, then while 8 connections pull GET /v1/rows as fast as
# they can and 50 connections pipeline it 20 times each without reading (they are closed by the
# write timeout). Prints the third client's p50 and p99 both times, the puller's answers (200s
# and 503s from the limit of expensive requests in flight) and the load average.
#
#   scripts/bench-gateway-admission.sh [DURATION]
set -euo pipefail
DURATION="${1:-10}"
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || { echo "error: DURATION must be a positive whole number, not $DURATION" >&2; exit 2; }
# shellcheck source=scripts/http-bench-stack.sh
source "$(dirname "$0")/http-bench-stack.sh"

small="/v1/programmes/p6?view=basic"
curl -sf "http://127.0.0.1:$HTTP$small" >/dev/null || { echo "error: GET $small failed" >&2; exit 1; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== the third client alone: GET $small, 4 connections, ${DURATION}s"
wrk -t1 -c4 -d"${DURATION}s" --latency "http://127.0.0.1:$HTTP$small" | grep -E "Requests/sec|50%|99%|Non-2xx"

python3 - "$HTTP" "$((DURATION + 3))" <<'PY' &
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
wrk -t1 -c8 -d"$((DURATION + 2))s" "http://127.0.0.1:$HTTP/v1/rows" > "$WORK/puller.txt" &
puller=$!
sleep 1
echo "== the third client beside 8 connections pulling /v1/rows and 50 pipelining it unread: GET $small, 4 connections, ${DURATION}s"
wrk -t1 -c4 -d"${DURATION}s" --latency "http://127.0.0.1:$HTTP$small" | grep -E "Requests/sec|50%|99%|Non-2xx"
wait "$puller" || true
wait "$slow" || true
echo "   the puller: $(grep -E 'requests in|Non-2xx' "$WORK/puller.txt" | tr -s ' ' | tr '\n' ' ')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
