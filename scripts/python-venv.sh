# Sourced by the test scripts (with ROOT set): makes sure the virtual environment at
# .build/python-venv exists, created with $PYTHON (python3 by default), and sets VENV and VPY
# (its python). Each script installs the packages it needs into it.
VENV="$ROOT/.build/python-venv"
PYTHON="${PYTHON:-python3}"

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "error: $PYTHON not found; install Python 3" >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  mkdir -p "$ROOT/.build"
  if ! "$PYTHON" -m venv "$VENV"; then
    rm -rf "$VENV"
    echo "error: '$PYTHON -m venv' failed. On Debian/Ubuntu install the venv module:" >&2
    echo "         apt-get install python3-venv" >&2
    exit 1
  fi
fi
VPY="$VENV/bin/python"
