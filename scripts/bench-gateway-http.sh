#!/usr/bin/env bash
# HTTP JSON requests per second through plan-gateway (release build): starts plan-catalogue,
# one plan-metrics and plan-gateway on loopback (no rate limit), then drives the HTTP front with
# wrk (installed from Debian when missing) for DURATION seconds per endpoint, C connections on
# 2 threads, printing each route's requests/s and each process's CPU per request (utime +
# stime over the run, divided by the requests: far less moved by other load than the rate).
# The server processes and wrk share the machine's cores. Then the gateway's CPU per GET
# /v1/rows (a wrk run on 4 connections), and its resident memory at start, at the end of the
# runs and 10 s later.
#
#   scripts/bench-gateway-http.sh [DURATION] [CONNECTIONS]
#   (PLAN_BENCH_GATEWAY_BIN=another/plan-gateway compares a build; GATEWAY_ARGS adds flags)
set -euo pipefail
DURATION="${1:-10}"
CONNECTIONS="${2:-32}"
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || { echo "error: DURATION must be a positive whole number, not $DURATION" >&2; exit 2; }
[[ "$CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || { echo "error: CONNECTIONS must be a positive whole number, not $CONNECTIONS" >&2; exit 2; }
# shellcheck source=scripts/http-bench-stack.sh
source "$(dirname "$0")/http-bench-stack.sh"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for path in "/v1/programmes/p6?view=basic" "/v1/metrics/aggregate?column=planned_2020" "/healthz" "/v1/rows"; do
  curl -sf "http://127.0.0.1:$HTTP$path" >/dev/null || { echo "error: GET $path failed" >&2; exit 1; }
done
sleep 1
echo "gateway VmRSS at start: $(rss_mb "$GATEWAY_PID") MB"

# Each route's requests/s, and the CPU each process spent per request over the run (utime +
# stime): a figure that other load on the machine moves far less than the rate.
for path in "/v1/programmes/p6?view=basic" \
            "/v1/metrics/aggregate?column=planned_2020&drilldown=programme,measure&cut=category:A&page_size=100" \
            "/healthz"; do
  echo "== GET $path ($CONNECTIONS connections, ${DURATION}s)"
  g0=$(cpu_ticks "$GATEWAY_PID"); c0=$(cpu_ticks "$CATALOGUE_PID"); m0=$(cpu_ticks "$METRICS_PID")
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$HTTP$path" > "$WORK/route.txt"
  g1=$(cpu_ticks "$GATEWAY_PID"); c1=$(cpu_ticks "$CATALOGUE_PID"); m1=$(cpu_ticks "$METRICS_PID")
  grep -E "Requests/sec|Latency|50%|99%|Non-2xx" "$WORK/route.txt"
  awk -v n="$(awk '/requests in/ { print $1 }' "$WORK/route.txt")" -v hz="$CLOCK_TICKS" \
      -v g="$((g1 - g0))" -v c="$((c1 - c0))" -v m="$((m1 - m0))" 'BEGIN {
    printf "   CPU per request: gateway %.0f µs, catalogue %.0f µs, metrics %.0f µs\n", g * 1e6 / hz / n, c * 1e6 / hz / n, m * 1e6 / hz / n }'
done

# 4 connections: the default limit of GET /v1/rows in flight (more would be answered 503).
echo "== GET /v1/rows (4 connections, ${DURATION}s)"
before=$(cpu_ticks "$GATEWAY_PID")
wrk -t2 -c4 -d"${DURATION}s" --latency "http://127.0.0.1:$HTTP/v1/rows" > "$WORK/rows.txt"
after=$(cpu_ticks "$GATEWAY_PID")
grep -E "requests in|Requests/sec|50%|99%|Non-2xx" "$WORK/rows.txt"
requests=$(awk '/requests in/ { print $1 }' "$WORK/rows.txt")
awk -v t="$((after - before))" -v hz="$CLOCK_TICKS" -v n="$requests" 'BEGIN {
  printf "   gateway CPU per GET /v1/rows: %.2f ms (%.2f s of CPU over %d requests)\n", t * 1000 / hz / n, t / hz, n }'

echo "gateway VmRSS at the end of the runs: $(rss_mb "$GATEWAY_PID") MB"
sleep 10
echo "gateway VmRSS 10 s later: $(rss_mb "$GATEWAY_PID") MB"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
