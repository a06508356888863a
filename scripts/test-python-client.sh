#!/usr/bin/env bash
# Runs the independent Python PlanWire client's tests (Tests/python) against the real
# plan-catalogue server, the transport's limits against plan-catalogue and plan-metrics
# (test_transport_limits.py), and the durability tests of recorded actuals against the real
# plan-metrics server (SIGKILL during recordings, concurrent recordings, idempotency, bad input).
#
# Creates (or reuses) a virtual environment at .build/python-venv, installs grpcio-tools into it
# (which brings protobuf), generates the Python protobuf code into a temporary directory and runs
# the unittest files. The server executables must already be built:
#   swift build --product plan-catalogue && swift build --product plan-metrics
# or named with PLAN_CATALOGUE_BIN and PLAN_METRICS_BIN. Exits non-zero when a test fails.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

export PLAN_CATALOGUE_BIN="${PLAN_CATALOGUE_BIN:-$ROOT/.build/debug/plan-catalogue}"
export PLAN_METRICS_BIN="${PLAN_METRICS_BIN:-$ROOT/.build/debug/plan-metrics}"

source "$ROOT/scripts/python-venv.sh"

if ! "$VPY" -c 'import grpc_tools.protoc, google.protobuf' >/dev/null 2>&1; then
  "$VPY" -m pip install --quiet --disable-pip-version-check grpcio-tools
fi

if [ ! -x "$PLAN_CATALOGUE_BIN" ]; then
  echo "error: server executable $PLAN_CATALOGUE_BIN not found;" \
    "build it with 'swift build --product plan-catalogue' or set PLAN_CATALOGUE_BIN" >&2
  exit 1
fi
if [ ! -x "$PLAN_METRICS_BIN" ]; then
  echo "error: server executable $PLAN_METRICS_BIN not found;" \
    "build it with 'swift build --product plan-metrics' or set PLAN_METRICS_BIN" >&2
  exit 1
fi

GEN="$(mktemp -d "${TMPDIR:-/tmp}/planwire-pb2.XXXXXX")"
trap 'rm -rf "$GEN"' EXIT

GRPC_PROTO_INCLUDE="$("$VPY" -c 'import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), "_proto"))')"
PROTOBUF_C_INCLUDE=""
for dir in /usr/include /usr/local/include; do
  if [ -f "$dir/protobuf-c/protobuf-c.proto" ]; then PROTOBUF_C_INCLUDE="$dir"; break; fi
done
if [ -z "$PROTOBUF_C_INCLUDE" ]; then
  echo "error: protobuf-c/protobuf-c.proto not found (Debian package: libprotobuf-c-dev)" >&2
  exit 1
fi

mapfile -t PROTOS < <(cd Protos && find . -name '*.proto' | sed 's|^\./||' | sort)
"$VPY" -m grpc_tools.protoc -I Protos -I "$PROTOBUF_C_INCLUDE" -I "$GRPC_PROTO_INCLUDE" \
  --python_out="$GEN" protobuf-c/protobuf-c.proto "${PROTOS[@]}"

export PLANWIRE_PROTO_OUT="$GEN"
# unittest prints its summary ("Ran N tests …", then "OK" or "FAILED (…)") and exits 1 on failure;
# both files run even when the first fails, and the script fails if either did.
status=0
"$VPY" -m unittest discover -s Tests/python -p 'test_planwire_client.py' -v || status=1
"$VPY" -m unittest discover -s Tests/python -p 'test_metrics_durability.py' -v || status=1
# Two replicas on one PostgreSQL (scripts/with-postgres.sh sets PLAN_TEST_POSTGRES_URL).
if [ -n "${PLAN_TEST_POSTGRES_URL:-}" ]; then
  "$VPY" -m unittest discover -s Tests/python -p 'test_metrics_postgres.py' -v || status=1
fi
"$VPY" -m unittest discover -s Tests/python -p 'test_gateway_binary.py' -v || status=1
# The transport's limits: a flood of HEADERS, a client that never reads, silent calls, metadata,
# idle connections, the grace period after SIGTERM (plan-catalogue and plan-metrics).
"$VPY" -m unittest discover -s Tests/python -p 'test_transport_limits.py' -v || status=1
exit "$status"
