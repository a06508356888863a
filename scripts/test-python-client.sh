#!/usr/bin/env bash
# Runs the independent Python PlanWire client's tests (Tests/python) against the real
# plan-catalogue server, the gateway's event stream of recordings against a real stack
# (test_recordings_stream.py), the transport's limits against plan-catalogue and plan-metrics
# (test_transport_limits.py), and the durability tests of recorded actuals against the real
# plan-metrics server (SIGKILL during recordings, concurrent recordings, idempotency, bad input).
#
# Creates (or reuses) a virtual environment at .build/python-venv, installs protobuf (PyPI) into
# it, generates the Python protobuf code from Protos/ alone (a stock protoc, -I Protos only: Debian
# protobuf-compiler, which `make deps` installs) into a temporary directory and runs the unittest
# files. The server executables must already be built:
#   swift build --product plan-catalogue && swift build --product plan-metrics
# or named with PLAN_CATALOGUE_BIN and PLAN_METRICS_BIN. Exits non-zero when a test fails.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

export PLAN_CATALOGUE_BIN="${PLAN_CATALOGUE_BIN:-$ROOT/.build/debug/plan-catalogue}"
export PLAN_METRICS_BIN="${PLAN_METRICS_BIN:-$ROOT/.build/debug/plan-metrics}"
export PLAN_GATEWAY_BIN="${PLAN_GATEWAY_BIN:-$ROOT/.build/debug/plan-gateway}"

source "$ROOT/scripts/python-venv.sh"

# test_transport_limits.py reads a listening socket's backlog with ss (Debian's iproute2).
if ! command -v ss >/dev/null 2>&1; then
  echo "installing iproute2 (ss)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iproute2 >/dev/null
fi

if ! "$VPY" -c 'import google.protobuf' >/dev/null 2>&1; then
  "$VPY" -m pip install --quiet --disable-pip-version-check protobuf
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

# planwire_client.generate_protos: protoc -I Protos --python_out=GEN, every .proto of Protos/.
"$VPY" -c 'import sys; sys.path.insert(0, "Tests/python"); import planwire_client as pw; pw.generate_protos("Protos", sys.argv[1])' "$GEN"

export PLANWIRE_PROTO_OUT="$GEN"
# unittest prints its summary ("Ran N tests …", then "OK" or "FAILED (…)") and exits 1 on failure;
# every file runs even when one fails, and the script fails if any did. With arguments, only the
# test files named (`scripts/test-python-client.sh test_adversarial.py`, as `make test-adversarial`).
status=0
if [ "$#" -gt 0 ]; then
  for file in "$@"; do
    "$VPY" -m unittest discover -s Tests/python -p "$file" -v || status=1
  done
  exit "$status"
fi
"$VPY" -m unittest discover -s Tests/python -p 'test_planwire_client.py' -v || status=1
"$VPY" -m unittest discover -s Tests/python -p 'test_metrics_durability.py' -v || status=1
# Two replicas on one PostgreSQL (scripts/with-postgres.sh sets PLAN_TEST_POSTGRES_URL).
if [ -n "${PLAN_TEST_POSTGRES_URL:-}" ]; then
  "$VPY" -m unittest discover -s Tests/python -p 'test_metrics_postgres.py' -v || status=1
fi
"$VPY" -m unittest discover -s Tests/python -p 'test_gateway_binary.py' -v || status=1
# The HTTP front's event stream of recordings (GET /v1/recordings/stream) over two replicas.
"$VPY" -m unittest discover -s Tests/python -p 'test_recordings_stream.py' -v || status=1
# The gateway's resident memory comes back after a burst of HTTP requests.
"$VPY" -m unittest discover -s Tests/python -p 'test_gateway_memory.py' -v || status=1
# The transport's limits: a flood of HEADERS, a client that never reads, silent calls, metadata,
# idle connections, the grace period after SIGTERM (plan-catalogue and plan-metrics).
"$VPY" -m unittest discover -s Tests/python -p 'test_transport_limits.py' -v || status=1
exit "$status"
