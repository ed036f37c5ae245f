#!/usr/bin/env bash
# REGISTER with digest auth over UDP, driven by SIPp (sipp-scenarios/register.xml), against the
# gateway and against Kamailio (in-memory registrar with auth) in the same run, same users, same
# scenario. Prints: highest rate sustained for DURATION s with 0 failed registrations, gateway and
# Kamailio CPU at that rate, heap per binding at USERS bindings, and the gateway/Kamailio ratio.
# Loopback only; every SIPp run is bounded in calls (-m) and time (-timeout).
#
#   benchmarks/register-bench.sh            # DURATION=60 USERS=10000 RATES="1000 2000 ..."
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-60}
PROBE=${PROBE:-10}
USERS=${USERS:-10000}
RATES=${RATES:-"1000 2000 3000 4000 5000 6000 8000"}
SBC_PORT=25060; KAM_PORT=26060; ADMIN_PORT=25181
work=$(mktemp -d /tmp/register-bench.XXXXXX)
SETTLE=5
source "$root/benchmarks/bench-lib.sh"
require_tools
steal0=$(steal_mark)

# Users u00001..uNNNNN, password pw-<user>, for both servers; SIPp injection file in the same order.
python3 - "$work" "$USERS" <<'PY'
import sys
work, n = sys.argv[1], int(sys.argv[2])
with open(f"{work}/users.yaml", "w") as y, open(f"{work}/users.csv", "w") as c:
    y.write("users:\n"); c.write("SEQUENTIAL\n")
    for i in range(1, n + 1):
        u = f"u{i:05d}"
        y.write(f"  - username: {u}\n    password: pw-{u}\n")
        c.write(f"{u};[authentication username={u} password=pw-{u}]\n")
PY
bench_config "media: { enabled: false }"
sed -e "s/CHILDREN/4/" -e "s/LISTEN_PORT/$KAM_PORT/" "$root/benchmarks/kamailio-registrar.cfg" > "$work/kamailio.cfg"


# run_sipp PORT RATE SECONDS -> prints "ok|fail successful failed elapsed_s"
run_sipp() {
  local port=$1 rate=$2 secs=$3 calls=$(($2 * $3)) stat="$work/stat-$1-$2-$3.csv"
  rm -f "$stat"
  timeout $((secs + 60)) sipp "127.0.0.1:$port" -sf "$root/sipp-scenarios/register.xml" -inf "$work/users.csv" \
    -r "$rate" -m "$calls" -l $((rate * 4)) -buff_size 4194304 -i 127.0.0.1 -p $((port + 100)) -nostdin -timeout $((secs + 30))s \
    -timeout_error -trace_stat -stf "$stat" -fd 1 >/dev/null 2>&1 || true
  python3 - "$stat" "$calls" "$secs" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter=';'))
h, last = rows[0], rows[-1]
ok, failed = int(last[h.index('SuccessfulCall(C)')]), int(last[h.index('FailedCall(C)')])
el = last[h.index('ElapsedTime(C)')].split(':')
secs = int(el[0]) * 3600 + int(el[1]) * 60 + float(el[2])
# Sustained means every registration succeeded AND SIPp kept the offered rate (it falls behind
# silently when it or the machine saturates; then the run simply takes longer).
kept_rate = secs <= float(sys.argv[3]) * 1.1 + 1
print(("ok" if failed == 0 and ok == int(sys.argv[2]) and kept_rate else "fail"), ok, failed, f"{secs:.1f}")
PY
}

echo "== gateway (java -jar sbc.jar), $USERS users"
java -Xms1g -Xmx1g -XX:+ExitOnOutOfMemoryError -jar "$root/sbc-core/target/sbc.jar" --config "$work" > "$work/sbc.log" 2>&1 &
sbc_pid=$!; pids+=("$sbc_pid")
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$ADMIN_PORT/health" >/dev/null && break; sleep 0.2; done
base_kb=$(heap_used_kb "$sbc_pid")
drops_before=$(awk '/^Udp: [0-9]/{print $6}' /proc/net/snmp)
read -r verdict ok failed secs < <(run_sipp "$SBC_PORT" 1000 $((USERS / 1000)))
bindings=$(curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | awk '/^sbc_registrar_bindings /{print int($2)}')
sleep 35 # let finished transactions pass Timer J (32 s) so that only lasting state is measured
full_kb=$(heap_used_kb "$sbc_pid")
per_binding=$(( (full_kb - base_kb) * 1024 / (bindings > 0 ? bindings : 1) ))
echo "  $bindings bindings ($verdict: $ok registrations, $failed failed): heap $base_kb KB -> $full_kb KB after GC" \
     "= $per_binding bytes per binding (includes the nonce-count kept per used nonce)"
# Warm the JIT the way a long-running gateway is warm, then measure (the fill above was cold).
run_sipp "$SBC_PORT" 2000 20 >/dev/null
find_max "$SBC_PORT" gateway "$sbc_pid"; sbc_rate=$found_rate; sbc_cpu=$found_cpu
kill "$sbc_pid"; wait "$sbc_pid" 2>/dev/null || true

echo "== kamailio $(kamailio -v | head -1 | awk '{print $2, $3}'), 4 UDP children, usrloc db_mode 0"
mkdir -p "$work/kamrun"
kamailio -f "$work/kamailio.cfg" -DD -E -Y "$work/kamrun" -m 512 -M 32 > "$work/kamailio.log" 2>&1 &
kam_main=$!; pids+=("$kam_main"); sleep 2
kam_pids=$(pgrep -f "$work/kamailio.cfg" | tr '\n' ' ')
find_max "$KAM_PORT" kamailio $kam_pids; kam_rate=$found_rate; kam_cpu=$found_cpu

echo
echo "== REGISTER with digest auth over UDP, SIPp on the same 2-core box, ${DURATION}s, 0 failures"
printf '%-10s %18s %22s %14s\n' server "registrations/s" "REGISTER msgs/s" "CPU (1 core=100%)"
printf '%-10s %18s %22s %14s\n' gateway "$sbc_rate" "$((sbc_rate * 2))" "$sbc_cpu%"
printf '%-10s %18s %22s %14s\n' kamailio "$kam_rate" "$((kam_rate * 2))" "$kam_cpu%"
python3 -c "print(f'ratio gateway/kamailio: {$sbc_rate/max($kam_rate,1):.2f}')"
echo "heap per binding at $bindings bindings: $per_binding bytes"
echo "kernel UDP receive-buffer drops during the whole run: $(( $(awk '/^Udp: [0-9]/{print $6}' /proc/net/snmp) - drops_before ))"
echo "CPU steal over the whole run: $(steal_pct "$steal0" "$(steal_mark)")% (time the VM's host gave to others; above a few percent, rates are not comparable)"
echo "(one registration = REGISTER -> 401 -> REGISTER with credentials -> 200; logs in $work)"
