# Sourced by the benchmark scripts (bench-wire.sh, bench-gateway.sh, http-bench-stack.sh), which
# set WORK (a scratch directory) and `pids` (an array) and stop every pid in it on exit.
#
#   start_server LABEL MARKER BINARY ARGS…
#
# launches BINARY with ARGS in the background (output in $WORK/LABEL.out and .err), appends its
# pid to `pids`, waits up to 30 s for the line `MARKER listening on HOST:PORT` (MARKER empty: a
# line starting `listening on`) and sets PORT to the port. Fails the script, with the server's
# errors, when it exits or does not announce itself in time. Called directly, not in a $(…)
# subshell, so that the pid reaches `pids`.
start_server() {
  local label="$1" marker="$2" binary="$3"; shift 3
  "$binary" "$@" >"$WORK/$label.out" 2>"$WORK/$label.err" &
  pids+=("$!")
  local pattern="^${marker:+$marker }listening on "
  for _ in $(seq 1 300); do
    PORT=$(grep -m1 "$pattern" "$WORK/$label.out" 2>/dev/null | sed 's/.*://' || true)
    [[ -n "$PORT" ]] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "error: $label did not start" >&2; cat "$WORK/$label.err" >&2; exit 1
}
