#!/usr/bin/env bash
# Restart time to serving with BINDINGS stored bindings, per state store: fills the store through
# the gateway (SIPp registers BINDINGS users over UDP at FILL_RATE, each REGISTER answered only once
# its binding is written), kills the gateway with -9, starts it again and measures from process
# start to the log line "state restored from the ... store: N bindings" and to /health 200; then
# checks that the gateway lists every binding again (/registrations). ROUNDS kill-and-restart
# rounds per store. With redis, also Redis memory per binding (INFO used_memory growth, and
# MEMORY USAGE of binding hashes). Loopback only; SIPp bounded in calls (-m) and time (-timeout),
# every wait bounded.
#
#   benchmarks/restart-bench.sh     # STORES="embedded redis" BINDINGS=100000 FILL_RATE=2000 ROUNDS=3
#   SMALL_DIRECTORY=1 benchmarks/restart-bench.sh   # restarts with a 10-user users.yaml (the store's share)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
STORES=${STORES:-"embedded redis"}
BINDINGS=${BINDINGS:-100000}
FILL_RATE=${FILL_RATE:-2000}
ROUNDS=${ROUNDS:-3}
SBC_PORT=25060; ADMIN_PORT=25181
work=$(mktemp -d /tmp/restart-bench.XXXXXX)
source "$root/benchmarks/bench-lib.sh"
source "$root/benchmarks/store-lib.sh"
require_tools
steal0=$(steal_mark); load0=$(cut -d" " -f1-3 /proc/loadavg)

write_users "$BINDINGS" 6

# fill: BINDINGS registrations at FILL_RATE -> prints "successful failed"
fill() {
  local secs=$((BINDINGS / FILL_RATE))
  timeout $((secs + 120)) sipp "127.0.0.1:$SBC_PORT" -sf "$root/sipp-scenarios/register.xml" -inf "$work/users.csv" \
    -r "$FILL_RATE" -m "$BINDINGS" -l $((FILL_RATE * 4)) -buff_size 4194304 -i 127.0.0.1 -p $((SBC_PORT + 100)) \
    -nostdin -timeout $((secs + 90))s -timeout_error -trace_stat -stf "$work/fill.csv" -fd 1 >/dev/null 2>&1 || true
  python3 - "$work/fill.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter=';'))
h, last = rows[0], rows[-1]
print(last[h.index('SuccessfulCall(C)')], last[h.index('FailedCall(C)')])
PY
}

# restart LOG: sets gw_pid, restored (bindings), restore_ms, and first_line, to_line, to_up and
# to_health (ms from the start);
# runs in the script's own shell (not in a $(...)), so that cleanup knows the new process
restart() {
  local log=$1 t0 t_health=""
  t0=$(date +%s%3N)
  # shellcheck disable=SC2086 # SBC_JVM is a list of options
  java $SBC_JVM -jar "$SBC_JAR" --config "$work/node" > "$log" 2>&1 &
  gw_pid=$!; pids+=("$gw_pid")
  for _ in $(seq 3000); do # every 20 ms, at most 60 s
    if curl -sf "http://127.0.0.1:$ADMIN_PORT/health" >/dev/null; then t_health=$(date +%s%3N); break; fi
    sleep 0.02
  done
  [ -n "$t_health" ] || { echo "gateway not serving 60 s after its restart (log: $log)" >&2; exit 1; }
  # the log lines' own time stamps (HH:mm:ss.SSS, this machine's time zone) against the start: the
  # first line (the JVM is up and has read its config), the restore, "gateway up"
  read -r first_line restored restore_ms to_line to_up to_health < <(python3 - "$log" "$t0" "$t_health" <<'PY'
import re, sys, datetime
log, t0, t_health = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
midnight = datetime.datetime.fromtimestamp(t0 / 1000).replace(hour=0, minute=0, second=0, microsecond=0).timestamp() * 1000
def at(line):
    m = re.match(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) ", line)
    return int(midnight + ((int(m[1]) * 60 + int(m[2])) * 60 + int(m[3])) * 1000 + int(m[4]) - t0) if m else 0
first, restored, restore_ms, to_line, to_up = 0, 0, 0, 0, 0
for line in open(log):
    first = first or at(line)
    m = re.search(r"state restored from the \w+ store: (\d+) bindings, \d+ bans in (\d+) ms", line)
    if m:
        restored, restore_ms, to_line = m[1], m[2], at(line)
    if " gateway up: " in line:
        to_up = at(line)
print(first, restored, restore_ms, to_line, to_up, t_health - t0)
PY
)
}

# listed -> the bindings /registrations shows, and how many of them are reachable (not lost with a connection)
listed() {
  curl -s -H "Authorization: Bearer $(cat "$work/node/data/admin-token")" "http://127.0.0.1:$ADMIN_PORT/registrations" | python3 -c '
import json, sys
bindings = json.load(sys.stdin)["bindings"]
print(len(bindings), sum(1 for b in bindings if not b["connectionLost"]))'; }

rows=()
for store in $STORES; do
  echo "== $store store: $BINDINGS bindings, $ROUNDS restarts after kill -9"
  if [ "$store" = redis ]; then start_redis; fi
  rm -rf "$work/node"; mkdir -p "$work/node"; ln -s "$work/users.yaml" "$work/node/users.yaml"
  (work=$work/node; bench_config "media: { enabled: false }" "$(state_yaml "$store" node-a)")
  start_gateway "$work/node" "$ADMIN_PORT"
  redis0=0; if [ "$store" = redis ]; then redis0=$(redis_used_memory); fi
  for pass in 1 2 3; do # again when some registrations failed (a cold JIT, a busy machine), at most 3 passes
    read -r ok failed < <(fill)
    wait_written "$ADMIN_PORT"
    before=$(metric "$ADMIN_PORT" sbc_registrar_bindings)
    echo "  fill pass $pass: $ok registrations ($failed failed) at $FILL_RATE/s; the gateway holds $before bindings"
    [ "$before" -lt "$BINDINGS" ] || break
  done
  if [ "$store" = redis ]; then
    redis1=$(redis_used_memory)
    echo "  redis: used_memory $redis0 -> $redis1 bytes, $(rcli DBSIZE) keys = $(( (redis1 - redis0) / (before > 0 ? before : 1) ))" \
         "bytes per binding; MEMORY USAGE of a binding hash (one contact): $(redis_binding_hash_bytes 1000) bytes (mean of 1000)"
  fi
  if [ -n "${SMALL_DIRECTORY:-}" ]; then
    # the restarts read a 10-user users.yaml: what is left is the store's share (100,000 users in
    # YAML take seconds to parse); bindings do not depend on the directory
    rm "$work/node/users.yaml"; head -21 "$work/users.yaml" > "$work/node/users.yaml"
  fi
  for round in $(seq "$ROUNDS"); do
    kill -9 "$gw_pid"; wait "$gw_pid" 2>/dev/null || true
    restart "$work/node/restart-$round.log"
    read -r now reachable < <(listed)
    echo "  restart $round: first log line at $first_line ms, restored $restored bindings (store read $restore_ms ms)" \
         "at $to_line ms, gateway up at $to_up ms, /health 200 at $to_health ms after process start;" \
         "/registrations lists $now ($reachable reachable)"
    rows+=("$(printf '%-9s %5s %9s %10s %10s %11s %9s %12s %9s %9s' "$store" "$round" "$first_line" "$restored" \
      "$restore_ms" "$to_line" "$to_up" "$to_health" "$now" "$reachable")")
  done
  kill "$gw_pid" 2>/dev/null || true; wait "$gw_pid" 2>/dev/null || true
  if [ "$store" = redis ]; then stop_redis; fi
done

echo
echo "== restart after kill -9 with $BINDINGS bindings stored (target: serving within 5 s)"
printf '%-9s %5s %9s %10s %10s %11s %9s %12s %9s %9s\n' store round "1st log" restored "read ms" "restored at" \
  "up at" "/health 200" listed reachable
printf '%s\n' "${rows[@]}"
echo "(ms from the java process's start: its first log line, the restore's log line, \"gateway up\", /health 200;"
echo " read ms: the store's load of bindings and bans as the gateway logs it; JVM: $SBC_JVM)"
echo "load average at start $load0, at the end $(cut -d" " -f1-3 /proc/loadavg) (other work on this shared box)"
echo "CPU steal over the whole run: $(steal_pct "$steal0" "$(steal_mark)")%; logs in $work"
