#!/usr/bin/env bash
# Calls over UDP, INVITE/180/200/ACK/pause/BYE (no media), driven by SIPp (bench-uac.xml and
# bench-uas.xml: the built-in uac/uas, but following the dialog's route set) through the gateway
# (B2BUA: trunk -> registered phone) and through Kamailio (stateful, record-routing proxy) in the
# same run. Prints: highest call rate held for DURATION s with 0
# failed calls, server CPU at that rate, INVITE->200 latency p50/p99 at half that rate (and the
# same SIPp pair talking directly, to show what the server adds), heap and threads before and
# after the long run, and the gateway/Kamailio ratio. Loopback only; every SIPp run is bounded in
# calls (-m) and time (-timeout).
#
#   benchmarks/call-bench.sh          # DURATION=60 PROBE=10 HOLD_MS=1000 RATES="500 1000 ..."
#
# RULES=10000 adds a second gateway phase with that many prefix rules in routing.yaml (made by
# benchmarks' RulesFileGenerator: everyday rules, the users, then a carrier's rate table), and
# prints its rate and CPU per call next to the first's. GATEWAY_ONLY=1 skips Kamailio and the
# direct SIPp pair (the rules comparison needs neither). LATENCY_AT=700 runs only latency trials at
# that rate, gateway and direct alternating (LATENCY_ROUNDS, default 3). COMPARE_JAR=/other/sbc.jar
# AB_RATE=800 runs only an A/B of two builds at one fixed rate, alternating (AB_ROUNDS, default 3):
# CPU per call and INVITE->200 p50/p99 for this build and the other, side by side.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-60}
PROBE=${PROBE:-10}
HOLD_MS=${HOLD_MS:-1000}
RATES=${RATES:-"600 800 1000 1200 1400 1600 1800 2000 2500 3000 3500 4000 5000"}
# The gateway's JVM: ZGC keeps pauses under a millisecond (G1's young pauses of 100+ ms at these
# rates were the INVITE->200 p99); a fixed heap so that runs compare, touched at start: ZGC's
# first pass over an untouched heap page-faults at a core's worth of kernel time (its multi-mapped
# heap faults in shared memory), and that was the p99 of the first minute at 700 calls/s.
SBC_JVM=${SBC_JVM:-"-XX:+UseZGC -Xms4g -Xmx4g -XX:+AlwaysPreTouch -XX:AutoBoxCacheMax=65536"}
RULES=${RULES:-0}
GATEWAY_ONLY=${GATEWAY_ONLY:-0}
SBC_JAR=${SBC_JAR:-$root/sbc-core/target/sbc.jar}
SBC_PORT=25060; KAM_PORT=26060; ADMIN_PORT=25181
CALLER_IP=127.0.0.3; CALLEE_IP=127.0.0.4; UAS_PORT=27060
work=$(mktemp -d /tmp/call-bench.XXXXXX)
SETTLE=6
source "$root/benchmarks/bench-lib.sh"
require_tools

cat > "$work/users.yaml" <<YAML
users:
  - username: bob
    password: bench-bob-password
YAML
# Signalling only, like the Kamailio proxy it is compared with (no rtpengine): media anchoring off.
bench_config "trunk: { enabled: true, host: $CALLER_IP, port: 5060 }" "calls: { cdrFile: $work/data/cdr.jsonl }" \
    "media: { enabled: false }"
sed -e "s/CHILDREN/4/" -e "s/LISTEN_PORT/$KAM_PORT/" -e "s/UAS_ADDRESS/$CALLEE_IP:$UAS_PORT/" \
    "$root/benchmarks/kamailio-proxy.cfg" > "$work/kamailio.cfg"

metric() { curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | awk -v m="$1" '$1==m{print int($2)}'; }


metric_total() { curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | awk -v m="$1" 'index($1, m)==1{s+=$2} END{print int(s)}'; }

# The callee: bench-uas.xml. A fresh one for every SIPp run: calls a server failed under overload
# stay open in the UAS and would slow the next run down.
start_uas() {
  pkill -f "sipp .* -i $CALLEE_IP -p $UAS_PORT" 2>/dev/null || true; sleep 1
  (cd "$work" && exec sipp -sf "$root/benchmarks/bench-uas.xml" -i "$CALLEE_IP" -p "$UAS_PORT" -buff_size 4194304 \
      -nostdin -timeout 3600s -bg >/dev/null 2>&1) || true
  sleep 1
}

# run_sipp TARGET RATE SECONDS [rtt] -> prints "ok|fail successful failed elapsed_s run_directory"
run_sipp() {
  local target=$1 rate=$2 secs=$3 calls=$(($2 * $3)) dir="$work/run-$1-$2-$3-${4:-x}-$RANDOM"
  mkdir -p "$dir"
  start_uas
  local rtt=(); [ "${4:-}" = rtt ] && rtt=(-trace_rtt -rtt_freq 1)
  (cd "$dir" && timeout $((secs + 90)) sipp "$target" -sf "$root/benchmarks/bench-uac.xml" -s bob -i "$CALLER_IP" \
    -p 28060 -r "$rate" -m "$calls" -l $((rate * (HOLD_MS / 1000 + 4))) -d "$HOLD_MS" -buff_size 4194304 -nostdin \
    -timeout $((secs + 60))s -timeout_error -trace_stat -stf stat.csv -fd 1 "${rtt[@]}" >/dev/null 2>&1) || true
  python3 - "$dir/stat.csv" "$calls" "$secs" "$HOLD_MS" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter=';'))
h, last = rows[0], rows[-1]
ok, failed = int(last[h.index('SuccessfulCall(C)')]), int(last[h.index('FailedCall(C)')])
el = last[h.index('ElapsedTime(C)')].split(':')
secs = int(el[0]) * 3600 + int(el[1]) * 60 + float(el[2])
# held = every call succeeded and SIPp kept the offered rate (it silently falls behind otherwise)
kept = secs <= float(sys.argv[3]) * 1.1 + float(sys.argv[4]) / 1000 + 2
print(("ok" if failed == 0 and ok == int(sys.argv[2]) and kept else "fail"), ok, failed, f"{secs:.1f}", sys.argv[1][:-9])
PY
}

# percentiles DIR -> "p50 p99 count" of INVITE->200 in ms, from SIPp's -trace_rtt file
percentiles() {
  python3 - "$1" <<'PY'
import glob, sys
vals = []
for f in glob.glob(sys.argv[1] + "/*_rtt.csv"):
    for line in open(f):
        parts = line.strip().split(';')
        if len(parts) >= 2 and parts[1].replace('.', '', 1).isdigit():
            vals.append(float(parts[1]))
vals.sort()
p = lambda q: vals[min(len(vals) - 1, int(q * len(vals)))] if vals else float('nan')
print(f"{p(0.50):.2f} {p(0.99):.2f} {len(vals)}")
PY
}

# A fresh gateway, bob registered from the callee's address (so the gateway sees no NAT), JIT
# warmed gently (a cold JVM at full rate queues for seconds). Calls an overloaded run left open
# (their ACK or BYE shed) would otherwise weigh on the next phase.
start_gateway() {
  [ -n "${sbc_pid:-}" ] && { kill "$sbc_pid" 2>/dev/null || true; wait "$sbc_pid" 2>/dev/null || true; }
  pkill -f "sipp .* -i $CALLEE_IP -p $UAS_PORT" 2>/dev/null || true; sleep 1
  # shellcheck disable=SC2086
  java $SBC_JVM -XX:+ExitOnOutOfMemoryError -jar "$SBC_JAR" --config "$work" >> "$work/sbc.log" 2>&1 &
  sbc_pid=$!; pids+=("$sbc_pid")
  # up to 90 s: touching a 4 GB heap at start took 40 s on this VM some days
  for _ in $(seq 450); do curl -sf "http://127.0.0.1:$ADMIN_PORT/health" >/dev/null && break; sleep 0.2; done
  printf 'SEQUENTIAL\nbob;[authentication username=bob password=bench-bob-password]\n' > "$work/bob.csv"
  (cd "$work" && timeout 20 sipp "127.0.0.1:$SBC_PORT" -sf "$root/benchmarks/register-contact.xml" -key contact "$CALLEE_IP:$UAS_PORT" \
     -inf "$work/bob.csv" -m 1 -i "$CALLEE_IP" -p "$UAS_PORT" -nostdin -timeout 15s -timeout_error >/dev/null 2>&1) \
     || { echo "registration of bob failed"; exit 1; }
  run_sipp "127.0.0.1:$SBC_PORT" 200 20 >/dev/null
  run_sipp "127.0.0.1:$SBC_PORT" 500 20 >/dev/null
  sleep "$SETTLE"
  server_pids=$sbc_pid
}

start_kamailio() {
  pkill -f "$work/kamailio.cfg" 2>/dev/null || true; sleep 1
  mkdir -p "$work/kamrun"
  kamailio -f "$work/kamailio.cfg" -DD -E -Y "$work/kamrun" -m 512 -M 32 >> "$work/kamailio.log" 2>&1 &
  pids+=("$!"); sleep 2
  server_pids=$(pgrep -f "$work/kamailio.cfg" | tr '\n' ' ')
}

steal0=$(steal_mark)
if [ -n "${COMPARE_JAR:-}" ]; then
  # A/B of two builds at one fixed rate: each round runs this build then the other, each fresh and
  # warmed, once for CPU per call and once with SIPp's rtt trace (the trace costs SIPp CPU).
  rate=${AB_RATE:-800}; this_jar=$SBC_JAR
  for round in $(seq "${AB_ROUNDS:-3}"); do
    for which in this other; do
      if [ "$which" = this ]; then SBC_JAR=$this_jar; else SBC_JAR=$COMPARE_JAR; fi
      start_gateway
      t0=$(ticks "$sbc_pid")
      read -r verdict ok failed secs _ < <(run_sipp "127.0.0.1:$SBC_PORT" "$rate" "$DURATION")
      t1=$(ticks "$sbc_pid")
      us=$(python3 -c "print(f'{($t1-$t0)/$(getconf CLK_TCK)*1e6/max($ok,1):.0f}')")
      read -r verdict2 _ _ _ run < <(run_sipp "127.0.0.1:$SBC_PORT" "$rate" "$DURATION" rtt)
      read -r p50 p99 n < <(percentiles "$run")
      echo "RESULT round=$round build=$which rate=$rate calls=$verdict($ok ok, $failed failed) cpu_per_call=${us}us" \
           "latency_run=$verdict2 p50=${p50}ms p99=${p99}ms ($n calls) jar=$SBC_JAR"
    done
  done
  kill "$sbc_pid" 2>/dev/null || true
  echo "CPU steal over the run: $(steal_pct "$steal0" "$(steal_mark)")%"
  exit 0
fi
if [ -n "${LATENCY_AT:-}" ]; then
  # Latency trials only: at LATENCY_AT calls/s, alternating the gateway (fresh, warmed) and the SIPp
  # pair talking directly, LATENCY_ROUNDS times; what the gateway adds is the difference.
  for round in $(seq "${LATENCY_ROUNDS:-3}"); do
    start_gateway
    read -r verdict ok failed secs run < <(run_sipp "127.0.0.1:$SBC_PORT" "$LATENCY_AT" "$DURATION" rtt)
    read -r g50 g99 gn < <(percentiles "$run")
    kill "$sbc_pid"; wait "$sbc_pid" 2>/dev/null || true; sbc_pid=""
    read -r verdict2 ok2 failed2 secs2 run2 < <(run_sipp "$CALLEE_IP:$UAS_PORT" "$LATENCY_AT" "$DURATION" rtt)
    read -r d50 d99 dn < <(percentiles "$run2")
    echo "RESULT round=$round rate=$LATENCY_AT gateway=$verdict p50=${g50}ms p99=${g99}ms ($gn calls) direct=$verdict2 p50=${d50}ms p99=${d99}ms added_p99=$(python3 -c "print(f'{$g99-$d99:.2f}')")ms"
  done
  echo "CPU steal over the run: $(steal_pct "$steal0" "$(steal_mark)")%"
  exit 0
fi

echo "== gateway (java $SBC_JVM -jar sbc.jar): trunk $CALLER_IP -> bob registered at $CALLEE_IP:$UAS_PORT"
start_gateway
find_max "127.0.0.1:$SBC_PORT" gateway start_gateway; sbc_rate=$found_rate; sbc_cpu=$found_cpu
start_gateway
heap0=$(heap_used_kb "$sbc_pid"); thr0=$(threads "$sbc_pid")
read -r verdict ok failed secs _ < <(run_sipp "127.0.0.1:$SBC_PORT" "$sbc_rate" "$DURATION")
sleep 40 # dialogs and transactions linger up to Timer J (32 s) after the last BYE
heap1=$(heap_used_kb "$sbc_pid"); thr1=$(threads "$sbc_pid"); calls_left=$(metric sbc_calls_active)
echo "  repeat at ${sbc_rate}/s: $verdict ($ok ok, $failed failed); heap after GC ${heap0} KB -> ${heap1} KB," \
     "threads $thr0 -> $thr1; calls active $calls_left, dialogs $(metric sbc_dialogs_active)," \
     "stack dialogs $(metric sbc_sip_stack_dialogs), stack transactions $(metric sbc_sip_stack_transactions)," \
     "UDP datagrams shed $(metric_total sbc_sip_shed), stray responses $(metric_total sbc_sip_stray_responses)"
half=$((sbc_rate / 2)); [ "$half" -gt 0 ] || half=100
start_gateway
read -r verdict ok failed secs run < <(run_sipp "127.0.0.1:$SBC_PORT" "$half" "$DURATION" rtt)
read -r sbc_p50 sbc_p99 sbc_n < <(percentiles "$run")
echo "  latency at ${half}/s: $verdict; INVITE->200 p50 ${sbc_p50} ms, p99 ${sbc_p99} ms ($sbc_n calls)"
cdr_lines=$(wc -l < "$work/data/cdr.jsonl")
kill "$sbc_pid"; wait "$sbc_pid" 2>/dev/null || true

if [ "$RULES" -gt 0 ]; then
  echo "== gateway with and without $RULES prefix rules in routing.yaml (to trunk 'default'; calls to bob match a rule before them)"
  (cd "$root" && mvn -q -B compile -pl benchmarks -am > "$work/mvn.log" 2>&1) || { tail -20 "$work/mvn.log"; exit 1; }
  java -cp "$root/benchmarks/target/classes" org.opensbc.bench.RulesFileGenerator "$RULES" default > "$work/rules.yaml"
  # CPU per call at one fixed rate, alternating without and with the rules (the host drifts)
  fixed=${RULES_RATE:-$half}
  for round in 1 2; do
    for with in no yes; do
      if [ "$with" = yes ]; then cp "$work/rules.yaml" "$work/routing.yaml"; else rm -f "$work/routing.yaml"; fi
      start_gateway
      t0=$(ticks "$sbc_pid")
      read -r verdict ok failed secs _ < <(run_sipp "127.0.0.1:$SBC_PORT" "$fixed" "$DURATION")
      t1=$(ticks "$sbc_pid")
      us=$(python3 -c "print(f'{($t1-$t0)/$(getconf CLK_TCK)*1e6/max($ok,1):.0f}')")
      echo "  round $round, rules: $with ($(metric sbc_rules_count) rules in force), ${fixed}/s for ${DURATION}s: $verdict ($ok ok, $failed failed), $us us CPU per call"
      eval "cpu_${with}_${round}=$us"
    done
  done
  cp "$work/rules.yaml" "$work/routing.yaml"
  start_gateway
  find_max "127.0.0.1:$SBC_PORT" "gateway+rules" start_gateway; rules_rate=$found_rate; rules_cpu=$found_cpu
  kill "$sbc_pid"; wait "$sbc_pid" 2>/dev/null || true; sbc_pid=""
  rm -f "$work/routing.yaml"
  python3 -c "no=($cpu_no_1+$cpu_no_2)/2; yes=($cpu_yes_1+$cpu_yes_2)/2
print(f'RESULT rules=$RULES CPU per call at ${fixed}/s: {yes:.0f} us with, {no:.0f} us without ({100*yes/no:.0f}%);'
      f' calls/s held ${DURATION}s: {$rules_rate} with (CPU {$rules_cpu}%), {$sbc_rate} without (CPU {$sbc_cpu}%)')"
fi
if [ "$GATEWAY_ONLY" = 1 ]; then
  echo "gateway: ${sbc_rate}/s at ${sbc_cpu}% CPU; INVITE->200 p50/p99 ${sbc_p50}/${sbc_p99} ms at ${half}/s;" \
       "CPU steal over the run: $(steal_pct "$steal0" "$(steal_mark)")%"
  exit 0
fi

echo "== direct: SIPp uac -> SIPp uas at ${half}/s (the latency floor of the tools themselves)"
read -r verdict ok failed secs run < <(run_sipp "$CALLEE_IP:$UAS_PORT" "$half" "$DURATION" rtt)
read -r dir_p50 dir_p99 dir_n < <(percentiles "$run")
echo "  $verdict; INVITE->200 p50 ${dir_p50} ms, p99 ${dir_p99} ms"

echo "== kamailio $(kamailio -v | head -1 | awk '{print $2, $3}'), 4 UDP children, stateful record-routing proxy"
start_kamailio
find_max "127.0.0.1:$KAM_PORT" kamailio start_kamailio; kam_rate=$found_rate; kam_cpu=$found_cpu
khalf=$((kam_rate / 2)); [ "$khalf" -gt 0 ] || khalf=100
start_kamailio
read -r verdict ok failed secs run < <(run_sipp "127.0.0.1:$KAM_PORT" "$khalf" "$DURATION" rtt)
read -r kam_p50 kam_p99 kam_n < <(percentiles "$run")
echo "  latency at ${khalf}/s: $verdict; INVITE->200 p50 ${kam_p50} ms, p99 ${kam_p99} ms"

echo
echo "== calls over UDP (INVITE/180/200/ACK/${HOLD_MS}ms/BYE), SIPp on the same 2-core box, ${DURATION}s, 0 failed calls"
printf '%-10s %10s %16s %22s %22s\n' server "calls/s" "CPU (1 core=100%)" "INVITE->200 p50/p99" "at rate"
printf '%-10s %10s %16s %22s %22s\n' gateway "$sbc_rate" "$sbc_cpu%" "$sbc_p50/$sbc_p99 ms" "$half/s"
printf '%-10s %10s %16s %22s %22s\n' kamailio "$kam_rate" "$kam_cpu%" "$kam_p50/$kam_p99 ms" "$khalf/s"
printf '%-10s %10s %16s %22s %22s\n' direct "-" "-" "$dir_p50/$dir_p99 ms" "$half/s"
python3 -c "print(f'ratio gateway/kamailio: {$sbc_rate/max($kam_rate,1):.2f}; gateway adds p99 {$sbc_p99-$dir_p99:.2f} ms over direct at {$half}/s')"
echo "heap after GC ${heap0} KB -> ${heap1} KB and threads $thr0 -> $thr1 across the ${DURATION}s repeat; CDR lines: $cdr_lines"
echo "calls still open 40 s after the repeat: $calls_left"
echo "CPU steal over the whole run: $(steal_pct "$steal0" "$(steal_mark)")% (time the VM's host gave to others; above a few percent, latency and rates are not comparable)"
echo "(logs and SIPp statistics in $work)"
