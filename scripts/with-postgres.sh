#!/usr/bin/env bash
# Runs CMD with a throwaway PostgreSQL server and PLAN_TEST_POSTGRES_URL pointing at it:
#
#   scripts/with-postgres.sh swift test --skip-build
#
# Installs Debian's postgresql when its server programs are missing (as root, apt-get), creates a
# cluster in a temporary folder owned by the postgres user (initdb refuses root), starts it on a
# free port of 127.0.0.1, creates a user with a password and a database, exports
# PLAN_TEST_POSTGRES_URL=postgres://USER:PASSWORD@127.0.0.1:PORT/DATABASE, runs CMD and stops and
# removes the cluster when CMD ends (or the script is interrupted). Exits with CMD's status.
# When PLAN_TEST_POSTGRES_URL is already set, runs CMD against that server instead.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARG…]" >&2
  exit 2
fi
if [ -n "${PLAN_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

# The server programs: Debian keeps them in /usr/lib/postgresql/VERSION/bin.
find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}
BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "with-postgres: installing postgresql" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  BIN="$(find_bin)"
fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL server programs under /usr/lib/postgresql" >&2
  exit 1
fi

# Commands run as the postgres user when we are root (initdb and postgres refuse root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A free TCP port on 127.0.0.1.
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
DIR="$(mktemp -d "${TMPDIR:-/tmp}/plan-postgres.XXXXXX")"
chmod 755 "$DIR"
USER_NAME="plan_test"
PASSWORD="$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
DATABASE="plan_test"

cleanup() {
  as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$(id -u)" -eq 0 ]; then chown postgres "$DIR"; fi
as_postgres "$BIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=200 -c fsync=off" start >/dev/null \
  || { cat "$DIR/server.log" >&2; exit 1; }
as_postgres "$BIN/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE USER $USER_NAME WITH PASSWORD '$PASSWORD'" \
  -c "CREATE DATABASE $DATABASE OWNER $USER_NAME" >/dev/null

export PLAN_TEST_POSTGRES_URL="postgres://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
echo "with-postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT, database $DATABASE" >&2
status=0
"$@" || status=$?
exit "$status"
