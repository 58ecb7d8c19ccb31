#!/bin/sh
# A throwaway PostgreSQL cluster on loopback for the test suite (make test, or pytest itself).
# Installs Debian's postgresql when missing, starts the cluster once, prints its URL.
set -eu
DIR=${KLARSPRAK_PG_DIR:-/tmp/klarsprak-test-pg}
PORT=${KLARSPRAK_PG_PORT:-55432}
URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"

if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# Run the server as its own user: PostgreSQL refuses to run as root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  echo "$URL"; exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
as_owner "$BIN/initdb" -D "$DIR" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
# fsync off: a test cluster's data need not survive a crash, and the suite runs faster.
as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
echo "$URL"
