#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster and Redis server on loopback.
# Both live in a temporary directory and are always stopped and removed afterwards.
# As root, PostgreSQL runs as the `postgres` user (it refuses to run as root).
set -uo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
work=$(mktemp -d /tmp/kansrijk-services.XXXXXX)
chmod 755 "$work"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$work/pgdata" -m immediate stop >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  if [ -f "$work/redis.pid" ]; then kill "$(cat "$work/redis.pid")" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$work/pgdata" "$work/pgsock"
if [ "$(id -u)" = "0" ]; then chown postgres "$work/pgdata" "$work/pgsock"; fi

as_pg "$PG_BIN/initdb" -D "$work/pgdata" -U kansrijk --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log"; exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$work/pgdata" -l "$work/pgdata/server.log" -w -t 60 start \
  -o "-p $PG_PORT -k $work/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
  >/dev/null || { cat "$work/pgdata/server.log"; exit 1; }
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U kansrijk -d postgres -q -c "CREATE DATABASE kansrijk" || exit 1

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --dir "$work" --pidfile "$work/redis.pid" --logfile "$work/redis.log" || exit 1
for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

export DATABASE_URL="postgres://kansrijk@127.0.0.1:$PG_PORT/kansrijk"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
# For tests that stop, restart or inspect the services themselves.
export KANSRIJK_TEST_PGDATA="$work/pgdata"
export KANSRIJK_TEST_PG_BIN="$PG_BIN"
export KANSRIJK_TEST_REDIS_PORT="$REDIS_PORT"
export KANSRIJK_TEST_WORKDIR="$work"
echo "PostgreSQL 15 on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"

"$@"
