#!/usr/bin/env bash
# The explorer in a real browser (Tests/browser/test_explorer.py): headless Chromium driven by
# selenium against a real stack the test starts and stops (plan-catalogue, two plan-metrics,
# plan-gateway from .build/debug, or PLAN_*_BIN).
#
# Installs what is missing: Debian's chromium and chromium-driver, the chart library the gateway
# serves (libjs-chart.js) and a font with Chinese characters for the screenshots
# (fonts-wqy-microhei), with apt-get; selenium from PyPI into .build/python-venv. Screenshots and
# the first-load figures go to PLAN_TEST_OUTPUT (.build/test-output/browser by default).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

export PLAN_CATALOGUE_BIN="${PLAN_CATALOGUE_BIN:-$ROOT/.build/debug/plan-catalogue}"
export PLAN_METRICS_BIN="${PLAN_METRICS_BIN:-$ROOT/.build/debug/plan-metrics}"
export PLAN_GATEWAY_BIN="${PLAN_GATEWAY_BIN:-$ROOT/.build/debug/plan-gateway}"
export PLAN_TEST_OUTPUT="${PLAN_TEST_OUTPUT:-$ROOT/.build/test-output/browser}"

for exe in "$PLAN_CATALOGUE_BIN" "$PLAN_METRICS_BIN" "$PLAN_GATEWAY_BIN"; do
  if [ ! -x "$exe" ]; then
    echo "error: $exe not found; build with 'swift build' (or 'make build') first" >&2
    exit 1
  fi
done

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
[ -f /usr/share/javascript/chart.js/chart.min.js ] || missing+=(libjs-chart.js)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || missing+=(fonts-wqy-microhei)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

source "$ROOT/scripts/python-venv.sh"
if ! "$VPY" -c 'import selenium' >/dev/null 2>&1; then
  "$VPY" -m pip install --quiet --disable-pip-version-check selenium
fi

mkdir -p "$PLAN_TEST_OUTPUT"
"$VPY" -m unittest discover -s Tests/browser -p 'test_*.py' -v
echo "screenshots and first-load figures in $PLAN_TEST_OUTPUT"
