#!/usr/bin/env bash
# Runs schemathesis against a real gateway (Tests/openapi/test_openapi_conformance.py): installs
# schemathesis from PyPI into the project's venv (.build/python-venv) when missing; the servers
# must be built (`make build`) or named with PLAN_CATALOGUE_BIN, PLAN_METRICS_BIN and
# PLAN_GATEWAY_BIN. Exits non-zero when schemathesis finds a failure.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SCHEMATHESIS_VERSION="4.32.5"

source "$ROOT/scripts/python-venv.sh"
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  echo "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  "$VPY" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
exec "$VPY" Tests/openapi/test_openapi_conformance.py
