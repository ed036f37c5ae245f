#!/usr/bin/env bash
# Binding writes through the embedded (SQLite) and Redis stores: bulk changes/s, acknowledgement
# latency at fixed REGISTER-like rates, and for BINDINGS stored bindings the load time, the file's
# size and Redis's MEMORY USAGE per binding hash. Starts its own redis-server on a loopback port.
# Prints figures; asserts nothing.
#
#   benchmarks/state-bench.sh          knobs: BINDINGS (100000) RATES (6000,20000) DURATION (10 s per rate)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d /tmp/state-bench.XXXXXX)
cd "$root"
mvn -q -B compile dependency:build-classpath -pl benchmarks -am -Dmdep.outputFile="$work/cp" >/dev/null
cp="state-store/target/classes:benchmarks/target/classes:$(cat "$work/cp")"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize no \
  --logfile "$work/redis.log" &
redis_pid=$!
trap 'kill "$redis_pid"; wait "$redis_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
java -Xmx2g -cp "$cp" org.opensbc.bench.StateStoreBench "$work/data" "redis://127.0.0.1:$port" \
  "${BINDINGS:-100000}" "${RATES:-6000,20000}" "${DURATION:-10}" 2>"$work/bench.err" \
  || { tail -30 "$work/bench.err"; exit 1; }
