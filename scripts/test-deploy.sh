#!/usr/bin/env bash
# Checks deploy/ (the Dockerfile, compose files and Kubernetes manifests) without a container
# engine or a cluster: Tests/deploy/test_deploy.py validates the manifests against the
# Kubernetes 1.30 JSON schemas bundled by kubernetes-validate (offline once installed) and checks
# that every file names real stages, products, flags, environment variables, ports, secrets and
# selectors.
#
# Creates (or reuses) the virtual environment at .build/python-venv (as
# scripts/test-python-client.sh does) and installs PyYAML and kubernetes-validate into it when
# missing. Uses .build/debug/<executable> --help when built and not older than its sources,
# else the Swift sources. Exits non-zero when a test fails.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

source "$ROOT/scripts/python-venv.sh"

# The bundled schemas must include the version the tests validate against (1.30).
if ! "$VPY" -c 'import yaml, kubernetes_validate.utils as u; assert "1.30.0" in u.all_versions()' >/dev/null 2>&1; then
  "$VPY" -m pip install --quiet --disable-pip-version-check 'kubernetes-validate>=1.30' pyyaml
fi

# unittest prints "Ran N tests …" then "OK" or "FAILED (…)" and exits 1 on failure.
"$VPY" -m unittest discover -s Tests/deploy -p 'test_deploy.py' -v
