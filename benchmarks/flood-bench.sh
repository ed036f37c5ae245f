#!/usr/bin/env bash
# A REGISTER flood from one address (127.0.0.66, SIPp sipp-scenarios/register-flood.xml, no
# credentials) while legitimate phones (127.0.0.67 and up, SIPp register.xml with digest, one
# user each) register twice a second each, against the gateway (the shipped acl.yaml: 100/s per source, burst 200, 60 s
# ban) and then against Kamailio (kamailio-registrar.cfg, which challenges every REGISTER). Prints
# per server: the flood rate reached, the phones' registrations and retransmissions, what the
# flood got back, log lines written during the run, server CPU, kernel UDP receive drops.
# Loopback only; every SIPp run is bounded in calls (-m) and time (-timeout, timeout(1)).
#
#   benchmarks/flood-bench.sh        # FLOOD_RATE=20000 DURATION=30 FLOODERS=2 PHONES=1 KAMAILIO=1
#   PHONES=4 DURATION=150 KAMAILIO=0 benchmarks/flood-bench.sh   # 1,168 registrations: enough to see 99.9%
#   SBC_JAR=/path/to/other/sbc.jar KAMAILIO=0 benchmarks/flood-bench.sh   # another build, gateway only
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
FLOOD_RATE=${FLOOD_RATE:-20000}   # datagrams/s from the one flooding address, all SIPp processes together
DURATION=${DURATION:-30}          # seconds of flood
FLOODERS=${FLOODERS:-2}           # SIPp processes sharing the flood (one SIPp tops out near 13,000/s here)
PHONES=${PHONES:-1}               # phones, 127.0.0.67 and up, 2 registrations/s each
KAMAILIO=${KAMAILIO:-1}
SBC_JAR=${SBC_JAR:-$root/sbc-core/target/sbc.jar}
SBC_PORT=25260; KAM_PORT=26260; ADMIN_PORT=25381 # not register-bench's: both may run on one box
FLOOD_IP=127.0.0.66
work=$(mktemp -d /tmp/flood-bench.XXXXXX)
source "$root/benchmarks/bench-lib.sh"
require_tools
steal0=$(steal_mark)

# One user per phone for both servers, password pw-<user> as in kamailio-registrar.cfg.
echo 'users:' > "$work/users.yaml"
for n in $(seq "$PHONES"); do
  u=$(printf 'u%05d' "$n")
  printf '  - username: %s\n    password: pw-%s\n' "$u" "$u" >> "$work/users.yaml"
  printf 'SEQUENTIAL\n%s;[authentication username=%s password=pw-%s]\n' "$u" "$u" "$u" > "$work/users-$n.csv"
done
bench_config "media: { enabled: false }"
cp "$root/conf/acl.yaml" "$work/acl.yaml" # the shipped policy, rate limit included (bench_config turns it off)
sed -e "s/CHILDREN/4/" -e "s/LISTEN_PORT/$KAM_PORT/" "$root/benchmarks/kamailio-registrar.cfg" > "$work/kamailio.cfg"

udp_rcvbuf_errors() { awk '/^Udp: [0-9]/{print $6}' /proc/net/snmp; }

# run_flood PORT NAME LOG PIDS...: the flood and the phones against PORT; prints the figures.
run_flood() {
  local port=$1 name=$2 log=$3; shift 3
  local per=$((FLOOD_RATE / FLOODERS)) phone_calls=$((2 * (DURATION - 4)))
  local lines0 t0 udp0 start
  lines0=$(wc -l < "$log"); t0=$(ticks "$@"); udp0=$(udp_rcvbuf_errors); start=$(date +%s.%N)
  local flood_pids=()
  for i in $(seq "$FLOODERS"); do
    timeout $((DURATION + 60)) sipp "127.0.0.1:$port" -sf "$root/sipp-scenarios/register-flood.xml" \
      -i "$FLOOD_IP" -p $((port + 200 + i)) -r "$per" -m $((per * DURATION)) -l "$per" -buff_size 4194304 \
      -nostdin -timeout $((DURATION + 40))s -trace_stat -stf "$work/flood-$name-$i.csv" -fd 1 \
      > "$work/flood-$name-$i.out" 2>&1 &
    flood_pids+=("$!")
  done
  sleep 2 # the flood is on (and, at the gateway, banned) before the phones start
  local phone_pids=()
  for n in $(seq "$PHONES"); do
    timeout $((DURATION + 60)) sipp "127.0.0.1:$port" -sf "$root/sipp-scenarios/register.xml" -inf "$work/users-$n.csv" \
      -i "127.0.0.$((66 + n))" -p $((port + 300 + n)) -r 2 -m "$phone_calls" -nostdin -timeout $((DURATION + 40))s \
      -trace_stat -stf "$work/phone-$name-$n.csv" -fd 1 > "$work/phone-$name-$n.out" 2>&1 &
    phone_pids+=("$!")
  done
  for p in "${phone_pids[@]}" "${flood_pids[@]}"; do wait "$p" || true; done
  local t1 udp1 end
  t1=$(ticks "$@"); udp1=$(udp_rcvbuf_errors); end=$(date +%s.%N)
  sleep 12 # a summary line written after the flood belongs to it
  local lines=$(( $(wc -l < "$log") - lines0 ))
  python3 - "$work" "$name" "$FLOODERS" "$PHONES" "$phone_calls" "$start" "$end" "$t0" "$t1" "$(getconf CLK_TCK)" \
    "$((udp1 - udp0))" "$lines" <<'PY'
import csv, re, sys
work, name, flooders, phones = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
phone_calls = int(sys.argv[5]) * phones
start, end, t0, t1, hz, udp_drops, lines = map(float, sys.argv[6:13])

def last_row(path):
    rows = list(csv.reader(open(path), delimiter=';'))
    return dict(zip(rows[0], rows[-1]))

def secs(text):
    h, m, s = text.split(':')[:3]
    return int(h) * 3600 + int(m) * 60 + float(s)

def screen_count(out, message, column=0):
    # the final scenario screen: "401 <----------   12   0   3 ..." (messages, retrans, ...)
    text = out[out.rfind('Scenario Screen'):]
    return sum(int(m.group(1 + column)) for m in re.finditer(re.escape(message) + r'\s+(\d+)\s+(\d+)', text))

sent = elapsed = 0.0
answers = {'401': 0, '503': 0, 'late': 0}
for i in range(1, flooders + 1):
    row = last_row(f'{work}/flood-{name}-{i}.csv')
    sent += int(row['OutgoingCall(C)'])
    elapsed = max(elapsed, secs(row['ElapsedTime(C)']))
    out = open(f'{work}/flood-{name}-{i}.out', errors='replace').read()
    answers['401'] += screen_count(out, '401 <----------')
    answers['503'] += screen_count(out, '503 <----------')
    dead = re.findall(r'(\d+) dead call msg', out)
    answers['late'] += int(dead[-1]) if dead else 0
ok = failed = retrans = 0
for n in range(1, phones + 1):
    phone = last_row(f'{work}/phone-{name}-{n}.csv')
    ok += int(phone['SuccessfulCall(C)'])
    failed += int(phone['FailedCall(C)'])
    retrans += screen_count(open(f'{work}/phone-{name}-{n}.out', errors='replace').read(), 'REGISTER ---------->', 1)
cpu = (t1 - t0) / hz / (end - start) * 100
print(f'{name}: flood {int(sent)} REGISTERs in {elapsed:.1f} s = {sent / max(elapsed, 0.001):,.0f}/s reached; '
      f'flood got back {answers["401"]} 401, {answers["503"]} 503, {answers["late"]} after its 200 ms')
print(f'{name}: {phones} phone(s) {ok}/{phone_calls} registrations ok ({100.0 * ok / phone_calls:.1f}%), {failed} failed, '
      f'{retrans} REGISTER retransmissions')
print(f'{name}: log lines written {int(lines)}; server CPU {cpu:.0f}% of one core over {end - start:.0f} s; '
      f'kernel UDP receive-buffer drops {int(udp_drops)}')
PY
}

echo "== gateway ($SBC_JAR), shipped acl.yaml"
java -Xms1g -Xmx1g -XX:+ExitOnOutOfMemoryError -jar "$SBC_JAR" --config "$work" > "$work/sbc.log" 2>&1 &
sbc_pid=$!; pids+=("$sbc_pid")
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$ADMIN_PORT/health" >/dev/null && break; sleep 0.2; done
run_flood "$SBC_PORT" gateway "$work/sbc.log" "$sbc_pid"
curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | grep -E '^sbc_(sip_(blocked|blocked_unread|shed|expired|over_rate)|acl_rate_(limited|answers)|log_suppressed)_total ' \
  | sed 's/^/  /' || true
kill "$sbc_pid"; wait "$sbc_pid" 2>/dev/null || true

if [ "$KAMAILIO" = 1 ]; then
  echo "== kamailio $(kamailio -v | head -1 | awk '{print $2, $3}'), 4 UDP children, no flood protection (pike) configured"
  mkdir -p "$work/kamrun"
  kamailio -f "$work/kamailio.cfg" -DD -E -Y "$work/kamrun" -m 512 -M 32 > "$work/kamailio.log" 2>&1 &
  kam_main=$!; pids+=("$kam_main"); sleep 2
  read -r -a kam_pids <<< "$(pgrep -f "$work/kamailio.cfg" | tr '\n' ' ')"
  run_flood "$KAM_PORT" kamailio "$work/kamailio.log" "${kam_pids[@]}"
fi

echo "CPU steal over the whole run: $(steal_pct "$steal0" "$(steal_mark)")% (above a few percent, figures are not comparable)"
echo "(flood from $FLOOD_IP: $FLOODERS SIPp processes asked for $FLOOD_RATE/s together for ${DURATION}s; $PHONES phone(s) from 127.0.0.67 up at 2/s each; logs in $work)"
