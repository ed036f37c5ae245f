#!/usr/bin/env bash
# REGISTER with digest auth over UDP, driven by SIPp (sipp-scenarios/register.xml), against the
# gateway once per state store in STORES and against Kamailio (in-memory registrar with auth) in
# the same run, same users, same scenario. Prints one table: highest rate sustained for DURATION s
# with 0 failed registrations, CPU at that rate (gateway plus its store), CPU per registration,
# registrations per core-second, heap per binding at USERS bindings (and Redis memory per binding).
# NODES=2 adds a row of two gateways sharing one Redis, SIPp split in two (half the users and
# half the rate to each). Loopback only; every SIPp run is bounded in calls (-m) and time (-timeout).
#
# COMPARE_AT=RATE replaces the rate search by alternated turns at one rate (CPU per registration;
# see compare_stores).
#
#   benchmarks/register-bench.sh   # DURATION=60 USERS=10000 RATES="1000 2000 ..." STORES="memory embedded redis" NODES=1
#   COMPARE_AT=1000 NODES=2 benchmarks/register-bench.sh   # COMPARE_SECS=20 ROUNDS=3
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-60}
PROBE=${PROBE:-10}
USERS=${USERS:-10000}
RATES=${RATES:-"1000 2000 4000 6000 8000 10000 12000 14000"}
STORES=${STORES:-"memory embedded redis"}
NODES=${NODES:-1}
COMPARE_SECS=${COMPARE_SECS:-20}; ROUNDS=${ROUNDS:-3}
SBC_PORT=25060; KAM_PORT=26060; ADMIN_PORT=25181
SBC_PORT_B=25070; ADMIN_PORT_B=25182
work=$(mktemp -d /tmp/register-bench.XXXXXX)
SETTLE=5
source "$root/benchmarks/bench-lib.sh"
source "$root/benchmarks/store-lib.sh"
require_tools
steal0=$(steal_mark); load0=$(cut -d" " -f1-3 /proc/loadavg)

write_users "$USERS" 5
sed -e "s/CHILDREN/4/" -e "s/LISTEN_PORT/$KAM_PORT/" "$root/benchmarks/kamailio-registrar.cfg" > "$work/kamailio.cfg"


# run_sipp PORTS RATE SECONDS -> prints "ok|fail successful failed elapsed_s". PORTS is one port, or
# two joined by "+": then two SIPp instances, each with half the users and half the rate.
run_sipp() {
  local ports; IFS=+ read -r -a ports <<< "$1"
  local n=${#ports[@]} rate=$(($2 / ${#ports[@]})) secs=$3 i=0 stats=() sipps=()
  for port in "${ports[@]}"; do
    i=$((i + 1))
    local csv="$work/users.csv" stat="$work/stat-$port-$rate-$secs.csv"
    if [ "$n" -gt 1 ]; then csv="$work/users-$i-of-$n.csv"; fi
    rm -f "$stat"; stats+=("$stat")
    timeout $((secs + 60)) sipp "127.0.0.1:$port" -sf "$root/sipp-scenarios/register.xml" -inf "$csv" \
      -r "$rate" -m $((rate * secs)) -l $((rate * 4)) -buff_size 4194304 -i 127.0.0.1 -p $((port + 100)) -nostdin \
      -timeout $((secs + 30))s -timeout_error -trace_stat -stf "$stat" -fd 1 >/dev/null 2>&1 &
    sipps+=($!)
  done
  for p in "${sipps[@]}"; do wait "$p" || true; done
  python3 - "$((rate * secs))" "$secs" "${stats[@]}" <<'PY'
import csv, sys
calls, wanted_secs = int(sys.argv[1]), float(sys.argv[2])
verdict, ok_sum, failed_sum, longest = "ok", 0, 0, 0.0
for name in sys.argv[3:]:
    rows = list(csv.reader(open(name), delimiter=';'))
    h, last = rows[0], rows[-1]
    ok, failed = int(last[h.index('SuccessfulCall(C)')]), int(last[h.index('FailedCall(C)')])
    el = last[h.index('ElapsedTime(C)')].split(':')
    secs = int(el[0]) * 3600 + int(el[1]) * 60 + float(el[2])
    # Sustained means every registration succeeded AND SIPp kept the offered rate (it falls behind
    # silently when it or the machine saturates; then the run simply takes longer).
    if failed or ok != calls or secs > wanted_secs * 1.1 + 1:
        verdict = "fail"
    ok_sum, failed_sum, longest = ok_sum + ok, failed_sum + failed, max(longest, secs)
print(verdict, ok_sum, failed_sum, f"{longest:.1f}")
PY
}

# node_dir NAME SIP_PORT ADMIN_PORT STORE NODE_ID [KEY_PREFIX]: a fresh config directory for one gateway
node_dir() {
  local dir="$work/$1"
  rm -rf "$dir"; mkdir -p "$dir"; ln -s "$work/users.yaml" "$dir/users.yaml"
  (work=$dir SBC_PORT=$2 ADMIN_PORT=$3; bench_config "media: { enabled: false }" "shutdown: { drainSeconds: 0 }" \
    "$(state_yaml "$4" "$5" "${6:-}")")
  echo "$dir"
}

rows=()
# bench_gateway STORE NODES: fills USERS bindings at 1000/s (heap per binding; Redis memory per
# binding), warms the JIT, then find_max; adds a row to the table. Fresh data and Redis per row.
bench_gateway() {
  local store=$1 nodes=$2 name="gateway $1" target=$SBC_PORT measured=()
  if [ "$nodes" -gt 1 ]; then name="$name x$nodes"; target="$SBC_PORT+$SBC_PORT_B"; fi
  echo "== $name (java -jar sbc.jar, state.store: $store), $USERS users"
  if [ "$store" = redis ]; then start_redis; fi
  start_gateway "$(node_dir node-a "$SBC_PORT" "$ADMIN_PORT" "$store" node-a)" "$ADMIN_PORT"; measured+=("$gw_pid")
  local heap_pid=$gw_pid
  if [ "$nodes" -gt 1 ]; then
    start_gateway "$(node_dir node-b "$SBC_PORT_B" "$ADMIN_PORT_B" "$store" node-b)" "$ADMIN_PORT_B"; measured+=("$gw_pid")
  fi
  if [ "$store" = redis ]; then measured+=("$redis_pid"); fi
  local base_kb redis0=0; base_kb=$(heap_used_kb "$heap_pid")
  if [ "$store" = redis ]; then redis0=$(redis_used_memory); fi
  read -r verdict ok failed secs < <(run_sipp "$target" 1000 $((USERS / 1000)))
  local bindings; bindings=$(metric "$ADMIN_PORT" sbc_registrar_bindings)
  sleep 35 # let finished transactions pass Timer J (32 s) so that only lasting state is measured
  local full_kb per_binding redis_per="-"; full_kb=$(heap_used_kb "$heap_pid")
  per_binding=$(( (full_kb - base_kb) * 1024 / (bindings > 0 ? bindings : 1) ))
  echo "  $bindings bindings ($verdict: $ok registrations, $failed failed): heap $base_kb KB -> $full_kb KB after GC" \
       "= $per_binding bytes per binding (includes the nonce-count kept per used nonce)"
  if [ "$store" = redis ]; then
    local redis1 keys; redis1=$(redis_used_memory); keys=$(rcli DBSIZE)
    redis_per=$(( (redis1 - redis0) / (bindings > 0 ? bindings : 1) ))
    echo "  redis: used_memory $redis0 -> $redis1 bytes, $keys keys = $redis_per bytes per binding;" \
         "MEMORY USAGE of a binding hash (one contact): $(redis_binding_hash_bytes 100) bytes (mean of 100)"
  fi
  # Warm the JIT the way a long-running gateway is warm, then measure (the fill above was cold).
  run_sipp "$target" 2000 20 >/dev/null
  find_max "$target" "$name" "${measured[@]}"
  local redis_cpu="-"
  if [ "$store" = redis ]; then redis_cpu="${found_cpu_parts##* }%"; fi
  rows+=("$(table_row "$name" "$found_rate" "$found_cpu" "$redis_cpu" "$per_binding" "$redis_per")")
  rates["$name"]=$found_rate
  for p in "${measured[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}

# table_row NAME RATE CPU% REDIS_CPU HEAP_PER_BINDING REDIS_PER_BINDING
table_row() {
  python3 - "$@" <<'PY'
import sys
name, rate, cpu, redis_cpu, heap, redis = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:]
per_reg = f"{cpu / 100 * 1e6 / rate:.0f}" if rate else "-"
per_core = f"{rate / (cpu / 100):,.0f}" if cpu else "-"
print(f"{name:<20} {rate:>8,} {cpu:>7}% {redis_cpu:>7} {per_reg:>9} {per_core:>11} {heap:>9} {redis:>9}")
PY
}

# COMPARE_AT=RATE: instead of the rate search, every store's gateway (and with NODES=2 the pair on
# one Redis, under another key prefix) runs at once on its own ports; they take turns at RATE for
# COMPARE_SECS, ROUNDS times. CPU per registration (gateway plus redis-server, measured only while
# that gateway is driven) compares on a shared, drifting machine where held rates do not.
compare_stores() {
  local names=() i=0 store sip admin
  declare -A target_of pids_of
  if [[ " $STORES " == *" redis "* || $NODES -gt 1 ]]; then start_redis; fi
  for store in $STORES; do
    sip=$((SBC_PORT + 10 * i)) admin=$((ADMIN_PORT + i)); i=$((i + 1))
    start_gateway "$(node_dir "$store" "$sip" "$admin" "$store" "$store-a")" "$admin"
    names+=("gateway $store"); target_of["gateway $store"]=$sip; pids_of["gateway $store"]=$gw_pid
    if [ "$store" = redis ]; then pids_of["gateway $store"]+=" $redis_pid"; fi
  done
  if [ "$NODES" -gt 1 ]; then
    local ports="" two=""
    for node in a b; do
      sip=$((SBC_PORT + 10 * i)) admin=$((ADMIN_PORT + i)); i=$((i + 1))
      start_gateway "$(node_dir "x2-$node" "$sip" "$admin" redis "node-$node" "x2:")" "$admin"
      ports+="${ports:++}$sip"; two+="$gw_pid "
    done
    names+=("gateway redis x2"); target_of["gateway redis x2"]=$ports; pids_of["gateway redis x2"]="$two$redis_pid"
  fi
  local name
  for name in "${names[@]}"; do # every binding once, then warm the JIT at the compared rate
    run_sipp "${target_of[$name]}" 1000 $((USERS / 1000)) >/dev/null
    run_sipp "${target_of[$name]}" "$COMPARE_AT" 20 >/dev/null
    sleep "$SETTLE"
  done
  local round p t0 t1 verdict ok failed secs
  for round in $(seq "$ROUNDS"); do
    for name in "${names[@]}"; do
      read -r -a measured <<< "${pids_of[$name]}"
      t0=$(ticks "${measured[@]}"); thread_ticks "${measured[@]}" > "$work/threads0"
      read -r verdict ok failed secs < <(run_sipp "${target_of[$name]}" "$COMPARE_AT" "$COMPARE_SECS")
      t1=$(ticks "${measured[@]}"); thread_ticks "${measured[@]}" > "$work/threads1"
      python3 - "$work/threads0" "$work/threads1" "$name" "$ok" >> "$work/threads.csv" <<'PY'
import collections, sys
def read(path):
    sums = collections.Counter()
    for line in open(path):
        name, ticks = line.rstrip("\n").rsplit(";", 1)
        sums[name] += int(ticks)
    return sums
before, after = read(sys.argv[1]), read(sys.argv[2])
print(f"{sys.argv[3]};(registrations);0;{sys.argv[4]}")
for name in after:
    print(f"{sys.argv[3]};{name};{after[name] - before.get(name, 0)};0")
PY
      echo "  round $round $name: $verdict ($ok ok, $failed failed, ${secs}s), $((t1 - t0)) CPU ticks" >&2
      echo "$name;$ok;$failed;$secs;$((t1 - t0))" >> "$work/compare.csv"
      sleep "$SETTLE"
    done
  done
  echo
  echo "== REGISTER at ${COMPARE_AT}/s for ${COMPARE_SECS}s per turn, $ROUNDS alternated rounds, SIPp on the same 2-core box"
  python3 - "$work/compare.csv" "$(getconf CLK_TCK)" <<'PY'
import statistics, sys
runs, hz = {}, int(sys.argv[2])
for line in open(sys.argv[1]):
    name, ok, failed, secs, ticks = line.strip().split(';')
    runs.setdefault(name, []).append((int(ok), int(failed), float(secs), int(ticks)))
print(f"{'server':<20} {'ok':>8} {'failed':>7} {'CPU':>6} {'us CPU/reg (rounds)':>28} {'reg/core-s':>11}")
per_reg = {}
for name, rs in runs.items():
    us = [t / hz * 1e6 / max(ok, 1) for ok, _, _, t in rs]
    per_reg[name] = statistics.median(us)
    cpu = statistics.median(t / hz / s * 100 for _, _, s, t in rs)
    print(f"{name:<20} {sum(r[0] for r in rs):>8,} {sum(r[1] for r in rs):>7} {cpu:>5.0f}% "
          f"{per_reg[name]:>8.0f} ({' '.join(f'{u:.0f}' for u in us)}) {1e6 / per_reg[name]:>11,.0f}")
def ratio(a, b, what):
    if a in per_reg and b in per_reg:
        print(f"{what}: {per_reg[b] / per_reg[a]:.2f}")
ratio("gateway embedded", "gateway memory", "embedded / memory, registrations per core-second (bar: at least 0.80)")
ratio("gateway redis", "gateway memory", "redis / memory, registrations per core-second")
ratio("gateway redis x2", "gateway redis", "2 nodes / 1 node on redis, registrations per core-second")
PY
  echo
  echo "== where the CPU went: us CPU per registration by thread (all rounds; threads above 2 us)"
  python3 - "$work/threads.csv" "$(getconf CLK_TCK)" <<'PY'
import collections, sys
hz = int(sys.argv[2])
ticks, regs = collections.defaultdict(collections.Counter), collections.Counter()
for line in open(sys.argv[1]):
    server, thread, t, ok = line.rstrip("\n").split(";")
    if thread == "(registrations)":
        regs[server] += int(ok)
    else:
        ticks[server][thread] += int(t)
for server, by_thread in ticks.items():
    parts = [(t / hz * 1e6 / max(regs[server], 1), name) for name, t in by_thread.items()]
    print(f"{server}: " + ", ".join(f"{name} {us:.0f}" for us, name in sorted(parts, reverse=True) if us >= 2))
PY
}

declare -A rates
drops_before=$(awk '/^Udp: [0-9]/{print $6}' /proc/net/snmp)
if [ -n "${COMPARE_AT:-}" ]; then
  compare_stores
  echo "load average at start $load0, at the end $(cut -d" " -f1-3 /proc/loadavg); CPU steal $(steal_pct "$steal0" "$(steal_mark)")%; logs in $work"
  exit 0
fi
for store in $STORES; do bench_gateway "$store" 1; done
if [ "$NODES" -gt 1 ]; then bench_gateway redis "$NODES"; fi

echo "== kamailio $(kamailio -v | head -1 | awk '{print $2, $3}'), 4 UDP children, usrloc db_mode 0"
mkdir -p "$work/kamrun"
kamailio -f "$work/kamailio.cfg" -DD -E -Y "$work/kamrun" -m 512 -M 32 > "$work/kamailio.log" 2>&1 &
kam_main=$!; pids+=("$kam_main"); sleep 2
read -r -a kam_pids <<< "$(pgrep -f "$work/kamailio.cfg" | tr '\n' ' ')"
find_max "$KAM_PORT" kamailio "${kam_pids[@]}"
rows+=("$(table_row kamailio "$found_rate" "$found_cpu" - - -)")
rates[kamailio]=$found_rate

echo
echo "== REGISTER with digest auth over UDP, SIPp on the same 2-core box, ${DURATION}s, 0 failures"
printf '%-20s %8s %8s %7s %9s %11s %9s %9s\n' server "reg/s" "CPU" "redis" "us CPU/reg" "reg/core-s" "heap B/b" "redis B/b"
printf '%s\n' "${rows[@]}"
python3 - "$(declare -p rates)" <<'PY'
import re, sys
r = dict(re.findall(r'\["([^"]+)"\]="(\d+)"', sys.argv[1]))
def ratio(a, b, what):
    if a in r and b in r and int(r[b]):
        print(f"{what}: {int(r[a]) / int(r[b]):.2f}")
ratio("gateway embedded", "gateway memory", "embedded / memory (bar: at least 0.80)")
ratio("gateway redis", "gateway memory", "redis / memory")
ratio("gateway redis x2", "gateway redis", "2 nodes / 1 node on redis (same 2 cores)")
ratio("gateway memory", "kamailio", "ratio gateway (memory) / kamailio")
PY
echo "(CPU: the gateway(s) plus redis-server, 100% = one core; redis: its share; reg/core-s: registrations"
echo " per second of CPU the servers used; heap B/b: heap per binding at $USERS bindings after GC; redis B/b:"
echo " used_memory growth per binding)"
echo "kernel UDP receive-buffer drops during the whole run: $(( $(awk '/^Udp: [0-9]/{print $6}' /proc/net/snmp) - drops_before ))"
echo "load average at start $load0, at the end $(cut -d" " -f1-3 /proc/loadavg) (other work on this shared box)"
echo "CPU steal over the whole run: $(steal_pct "$steal0" "$(steal_mark)")% (time the VM's host gave to others; above a few percent, rates are not comparable)"
echo "(one registration = REGISTER -> 401 -> REGISTER with credentials -> 200; logs in $work)"
