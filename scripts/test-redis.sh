#!/bin/sh
# A throwaway Redis server on loopback for the test suite (make test, or pytest itself): the rate
# limits that REDIS_URL shares between workers are tested against a real server.
# Installs Debian's redis-server when missing, starts the server once on a free port (no
# persistence: nothing is written to disk), prints its URL. Run again, it prints the same URL.
set -eu
DIR=${KLARSPRAK_REDIS_DIR:-/tmp/klarsprak-test-redis}
mkdir -p "$DIR"

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

# One caller at a time: make test and a pytest run may both ask at once.
exec 9>"$DIR/lock"
flock 9

answers() {
  [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]
}

if [ -s "$DIR/port" ] && answers "$(cat "$DIR/port")"; then
  echo "redis://127.0.0.1:$(cat "$DIR/port")/0"; exit 0
fi

# A port nobody listens on: the kernel picks it (the default 6379 may be a real server).
PORT=${KLARSPRAK_REDIS_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
# No RDB snapshots, no append-only file: a test server's data need not survive it.
# The daemon gets none of our descriptors: holding the lock or the caller's stdout, it would make
# the next call wait for ever and $(scripts/test-redis.sh) never return.
redis-server --bind 127.0.0.1 --port "$PORT" --protected-mode yes --save "" --appendonly no \
  --dir "$DIR" --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" \
  </dev/null >/dev/null 2>&1 9>&-
tries=0
until answers "$PORT"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 100 ]; then
    echo "test-redis.sh: Redis did not start on 127.0.0.1:$PORT; see $DIR/redis.log" >&2; exit 1
  fi
  sleep 0.1
done
echo "$PORT" > "$DIR/port"
echo "redis://127.0.0.1:$PORT/0"
