#!/usr/bin/env bash
# `make run`: starts ProgrammePlan on this machine on the embedded document —
# plan-catalogue, two plan-metrics replicas sharing one SQLite file under ./var (beside, not in,
# the document folder Data/, which a case-insensitive file system would confuse with data/), and
# plan-gateway in front of them — prints where they listen and what to try, and stops them all
# cleanly on Ctrl-C (SIGTERM to each: calls in flight finish, then exit 0). The explorer's
# address (the web page at the gateway's HTTP port) is printed first.
#
# Ports (override with the environment): gateway 7000 (PlanWire) and 8080 (HTTP), catalogue
# 7001, metrics 7002 and 7003. The write token for recording actuals is read from
# ./var/write-token, created with a random value the first time.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BIN="${PLAN_RUN_BIN:-$ROOT/.build/release}"
DATA="${PLAN_RUN_DATA:-$ROOT/var}"
HOST=127.0.0.1
GATEWAY_PORT="${PLAN_GATEWAY_PORT:-7000}"
HTTP_PORT="${PLAN_GATEWAY_HTTP_PORT:-8080}"
CATALOGUE_PORT="${PLAN_CATALOGUE_PORT:-7001}"
METRICS_PORTS=("${PLAN_RUN_METRICS_PORT_A:-7002}" "${PLAN_RUN_METRICS_PORT_B:-7003}")

for exe in plan-catalogue plan-metrics plan-gateway planctl; do
  [[ -x "$BIN/$exe" ]] || { echo "error: $BIN/$exe is missing; run 'make run' (it builds first)" >&2; exit 1; }
done
for port in "$GATEWAY_PORT" "$HTTP_PORT" "$CATALOGUE_PORT" "${METRICS_PORTS[@]}"; do
  if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
    echo "error: port $port on $HOST is already in use (another 'make run'?); stop it or set the PLAN_*_PORT variables" >&2
    exit 1
  fi
done

mkdir -p "$DATA/logs"
TOKEN_FILE="$DATA/write-token"
if [[ ! -s "$TOKEN_FILE" ]]; then
  (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$TOKEN_FILE")
fi

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "stopping…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
  echo "stopped (logs in $DATA/logs)"
  exit "$status"
}
trap stop INT TERM EXIT

# Starts `name` with arguments, logs to data/logs/<log>.log, waits until it says it listens.
start() {
  local log="$1"; shift
  local out="$DATA/logs/$log.out"
  "$@" >"$out" 2>"$DATA/logs/$log.log" &
  pids+=("$!")
  for _ in $(seq 1 300); do
    grep -q "listening on" "$out" 2>/dev/null && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "error: $log did not start:" >&2; tail -5 "$DATA/logs/$log.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "error: $log did not start within 30 s (see $DATA/logs/$log.log)" >&2
  exit 1
}

start catalogue "$BIN/plan-catalogue" --host "$HOST" --port "$CATALOGUE_PORT"
# The metrics replicas check the write token of every recording too (the gateway passes it on).
start metrics-a "$BIN/plan-metrics" --host "$HOST" --port "${METRICS_PORTS[0]}" --database "$DATA/metrics.sqlite" \
  --write-token-file "$TOKEN_FILE"
start metrics-b "$BIN/plan-metrics" --host "$HOST" --port "${METRICS_PORTS[1]}" --database "$DATA/metrics.sqlite" \
  --write-token-file "$TOKEN_FILE"
start gateway "$BIN/plan-gateway" --host "$HOST" --port "$GATEWAY_PORT" --http-port "$HTTP_PORT" \
  --catalogue "$HOST:$CATALOGUE_PORT" --metrics "$HOST:${METRICS_PORTS[0]},$HOST:${METRICS_PORTS[1]}" \
  --write-token-file "$TOKEN_FILE"

# planctl talks to 127.0.0.1:7000 unless told otherwise.
GATEWAY_FLAG=""
[[ "$GATEWAY_PORT" == 7000 ]] || GATEWAY_FLAG=" --gateway $HOST:$GATEWAY_PORT"

cat <<INFO

Explorer: http://$HOST:$HTTP_PORT/   (open it in a browser)

ProgrammePlan is running on the embedded 2020 programme budget:
  gateway     PlanWire $HOST:$GATEWAY_PORT   HTTP http://$HOST:$HTTP_PORT   (OpenAPI: /openapi.json)
  catalogue   PlanWire $HOST:$CATALOGUE_PORT
  metrics     PlanWire $HOST:${METRICS_PORTS[0]} and $HOST:${METRICS_PORTS[1]}  (recordings in $DATA/metrics.sqlite)
  write token $TOKEN_FILE
  logs        $DATA/logs/

Try, in another terminal:
  $BIN/planctl programmes$GATEWAY_FLAG
  $BIN/planctl aggregate --by programme,measure --where category=A$GATEWAY_FLAG
  curl -s 'http://$HOST:$HTTP_PORT/v1/search?q=%E6%B5%B7%E6%B4%8B&page_size=3'
  curl -s -H 'Accept: text/csv' 'http://$HOST:$HTTP_PORT/v1/metrics/aggregate?column=planned_2020&drilldown=programme,measure&cut=category:A'
  curl -s -X POST -H "Authorization: Bearer \$(cat $TOKEN_FILE)" -H 'Content-Type: application/json' \\
       -d '{"row_id":"20.3.r4","year":2019,"value":12,"reported_by":"you","request_id":"try-1"}' http://$HOST:$HTTP_PORT/v1/actuals

Ctrl-C stops everything.
INFO

wait -n "${pids[@]}" || true
echo "a service stopped by itself; see $DATA/logs" >&2
