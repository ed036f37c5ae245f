# State-store helpers for the benchmark scripts (sourced after bench-lib.sh): a private
# redis-server, the `state:` line of sbc.yaml, starting a gateway and waiting for it, metrics.
# Expects $root, $work and the pids array of bench-lib.sh. Loopback only.

SBC_JAR=${SBC_JAR:-$root/sbc-core/target/sbc.jar}
SBC_JVM=${SBC_JVM:-"-Xms1g -Xmx1g -XX:+ExitOnOutOfMemoryError"}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_redis: a redis-server of our own on a free loopback port, no persistence, in a fresh
# directory. Sets redis_port and redis_pid (also in pids, so that cleanup stops it).
start_redis() {
  command -v redis-server >/dev/null || { echo "needs redis-server (apt-get install redis-server)"; exit 1; }
  redis_port=$(free_port)
  local dir; dir=$(mktemp -d "$work/redis.XXXXXX")
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
    --daemonize no > "$dir/redis.log" 2>&1 &
  redis_pid=$!; pids+=("$redis_pid")
  for _ in $(seq 50); do rcli PING 2>/dev/null | grep -q PONG && return; sleep 0.1; done
  echo "redis-server did not answer on 127.0.0.1:$redis_port (log: $dir/redis.log)"; exit 1
}

stop_redis() { kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; }

rcli() { redis-cli -h 127.0.0.1 -p "$redis_port" "$@"; }
redis_used_memory() { rcli INFO memory | awk -F: '/^used_memory:/{print $2+0}'; }

# mean MEMORY USAGE (bytes, every field counted: SAMPLES 0) of up to N binding hashes
redis_binding_hash_bytes() {
  local n=${1:-100} keys
  keys=$(rcli --scan --pattern 'sbc:b:*' | head -n "$n" || true)
  [ -n "$keys" ] || { echo 0; return; }
  for k in $keys; do rcli MEMORY USAGE "$k" SAMPLES 0; done | awk '{s += $1; n++} END {printf "%d\n", s / n}'
}

# state_yaml STORE NODE_ID [KEY_PREFIX] -> the sbc.yaml line selecting the store (redis: ours,
# started first; gateways with another prefix neither see nor follow each other's keys)
state_yaml() {
  case $1 in
    redis) echo "state: { store: redis, nodeId: $2, redis: { url: \"redis://127.0.0.1:$redis_port\", prefix: \"${3:-sbc:}\" } }" ;;
    *) echo "state: { store: $1, nodeId: $2 }" ;;
  esac
}

# start_gateway DIR ADMIN_PORT -> sets gw_pid (also in pids); waits up to 90 s for /health 200
start_gateway() {
  local dir=$1 admin=$2
  # shellcheck disable=SC2086 # SBC_JVM is a list of options
  java $SBC_JVM -jar "$SBC_JAR" --config "$dir" >> "$dir/sbc.log" 2>&1 &
  gw_pid=$!; pids+=("$gw_pid")
  wait_health "$admin" 900 || { echo "gateway in $dir not up after 90 s (log: $dir/sbc.log)"; exit 1; }
}

# wait_health ADMIN_PORT TRIES: polls /health every 100 ms, up to TRIES times
wait_health() {
  for _ in $(seq "$2"); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return 0; sleep 0.1; done
  return 1
}

# metric ADMIN_PORT NAME -> the value of a Prometheus sample (integer part), empty if absent
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m {print int($2)}'; }

# wait_written ADMIN_PORT: until the store's queue is empty (at most 60 s)
wait_written() {
  for _ in $(seq 600); do [ "$(metric "$1" sbc_state_queued)" = 0 ] && return 0; sleep 0.1; done
  echo "  (the store still had $(metric "$1" sbc_state_queued) changes queued after 60 s)" >&2
}

# write_users COUNT DIGITS: users u<DIGITS-wide number>, password pw-<user>, in $work/users.yaml
# (the gateway's directory) and $work/users.csv (SIPp's injection file, same order), plus its two
# halves users-1-of-2.csv and users-2-of-2.csv for two SIPp instances
write_users() {
  python3 - "$work" "$1" "$2" <<'PY'
import sys
work, n, digits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
names = [f"u{i:0{digits}d}" for i in range(1, n + 1)]
def injection(path, users):
    with open(path, "w") as c:
        c.write("SEQUENTIAL\n")
        c.writelines(f"{u};[authentication username={u} password=pw-{u}]\n" for u in users)
with open(f"{work}/users.yaml", "w") as y:
    y.write("users:\n")
    y.writelines(f"  - username: {u}\n    password: pw-{u}\n" for u in names)
injection(f"{work}/users.csv", names)
injection(f"{work}/users-1-of-2.csv", names[0::2])
injection(f"{work}/users-2-of-2.csv", names[1::2])
PY
}
