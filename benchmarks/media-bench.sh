#!/usr/bin/env bash
# Media relay benchmark. Plain RTP<->RTP at the rate of real calls (20 ms packets both ways, 100
# packets/s per call) from benchmarks/rtpgen.c (kernel arrival timestamps), through our relay's
# one loop thread, through rtpengine (Debian's package, userspace only, one worker thread) and
# through benchmarks/udp-reflector.c (a relay that only reads and writes: the floor of a system
# call per packet), each pinned alone to the last core, the generator to the others; per step:
# loss, CPU, packets per second per core, latency p50/p90/p99/p99.9. Then SRTP<->RTP after ICE
# and DTLS (Java WebRTC peers), DTLS handshakes per second, heap per call and the relay thread's
# allocations on the packet path (exact counter and JFR). Prints figures; asserts nothing.
#
#   benchmarks/media-bench.sh [SECONDS] [CALLS] [ROUNDS] [SRTP_STREAMS] [SRTP_RATES]
#     SECONDS       per step (default 5)
#     CALLS         calls per step, ascending (default 200,500,800,1000,1200: 20,000-120,000 packets/s)
#     ROUNDS        rounds of the three relays one after the other; the median counts (default 3:
#                   this VM's speed drifts by 10-40% within minutes)
#     SRTP_STREAMS  WebRTC streams for the SRTP run (default 20; each is a full ICE+DTLS peer)
#     SRTP_RATES    total packets/s for the SRTP run (default 20000,40000,80000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/benchmarks/bench-lib.sh"
seconds=${1:-5}
calls=${2:-200,500,800,1000,1200}
rounds=${3:-3}
srtp_streams=${4:-20}
srtp_rates=${5:-20000,40000,80000}
command -v rtpengine >/dev/null || { echo "needs rtpengine (apt-get install rtpengine-daemon)"; exit 1; }
command -v gcc >/dev/null || { echo "needs gcc (for benchmarks/rtpgen.c and udp-reflector.c)"; exit 1; }
work=$(mktemp -d /tmp/media-bench.XXXXXX)
engine=""
trap '[ -n "$engine" ] && kill "$engine" 2>/dev/null || true' EXIT

cd "$root"
gcc -O2 -Wall -o "$work/rtpgen" benchmarks/rtpgen.c
gcc -O2 -Wall -o "$work/udp-reflector" benchmarks/udp-reflector.c
mvn -q -B test-compile -pl media-relay -am >/dev/null
mvn -q -B dependency:build-classpath -pl media-relay -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp="media-relay/target/test-classes:media-relay/target/classes:$(cat "$work/cp")"
jvm="-Xms1g -Xmx1g -XX:+UseZGC -XX:+AlwaysPreTouch -XX:AutoBoxCacheMax=65536"   # as scripts/run.sh runs the gateway
bench() { java -cp "$cp" $jvm -Dice4j.harvest.mapping.aws.enabled=false \
  -Djava.util.logging.config.file=/dev/null "$@" 2>>"$work/java.log" | grep '^RESULT' | tee -a "$work/results"; }
calls_bench() { bench -Dbench.media=plain org.opensbc.media.bench.RelayCallBench "$work/rtpgen" "$@"; }

steal0=$(steal_mark)
# --delete-delay=0: a step's deleted calls free their ports at once (the default keeps them 30 s)
rtpengine --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:22224 --port-min=30000 --port-max=39999 \
  --num-threads=1 --delete-delay=0 --foreground --log-stderr --log-level=3 > "$work/rtpengine.log" 2>&1 &
engine=$!
sleep 1
kill -0 "$engine" || { echo "rtpengine did not start (port 22224 taken?):"; tail -5 "$work/rtpengine.log"; exit 1; }
engine_version=$(rtpengine --version 2>&1 | awk '{print $NF}')
for round in $(seq 1 "$rounds"); do
  echo "== plain RTP <-> RTP, round $round of $rounds: our relay, udp-reflector, rtpengine $engine_version"
  calls_bench auto "$calls" "$seconds"
  calls_bench reflector "$calls" "$seconds" "$work/udp-reflector"
  calls_bench rtpengine "$calls" "$seconds" 22224 "$engine"
done
kill "$engine" 2>/dev/null || true
echo "== SRTP (after ICE + DTLS) <-> RTP through the relay, $srtp_streams streams (Java generator)"
bench org.opensbc.media.bench.MediaBench srtp "$srtp_streams" "$seconds" "$srtp_rates"
echo "== DTLS-SRTP handshakes (2 at a time, in memory)"
bench org.opensbc.media.bench.MediaBench dtls 2 10
echo "== heap per anchored phone-to-phone call (500 calls)"
bench org.opensbc.media.bench.MediaBench heap 500
echo "== relay thread allocation: plain RTP, 200 streams (Java generator), with a JFR allocation profile"
java -cp "$cp" $jvm -XX:StartFlightRecording=filename="$work/relay.jfr",settings=profile \
  org.opensbc.media.bench.MediaBench relay 200 "$seconds" 20000,20000 2>>"$work/java.log" | grep '^RESULT' >> "$work/results"
steal=$(steal_pct "$steal0" "$(steal_mark)")

echo
python3 - "$work/results" "$steal" <<'PY'
import re, sys
rows = [dict(re.findall(r'(\w+)=([^ ]+)', l.strip())) for l in open(sys.argv[1])]
def by(mode): return [r for r in rows if r['mode'] == mode]
def median(values): return sorted(values)[len(values) // 2]
plain = {}
for r in by('plain'): plain.setdefault((r['relay'], int(r['calls'])), []).append(r)
def fig(relay, calls, key):
    runs = plain.get((relay, calls), [])
    return median([float(r[key]) for r in runs]) if runs else float('nan')
def lost(relay, calls): return max((int(r['lost']) for r in plain.get((relay, calls), [])), default=-1)
print("plain RTP<->RTP, one core each, medians of the rounds (packets/s per core = relayed / CPU-seconds):")
print(f"{'calls':>6}{'pkts/s':>8}{'ours':>9}{'reflector':>10}{'rtpengine':>10}{'ours/rtpe':>10}{'refl/rtpe':>10}"
      f"{'lost o/f/r':>14}   latency p50/p99/p99.9 us: ours | reflector | rtpengine")
for calls in sorted({c for _, c in plain}):
    o, f, e = (fig(n, calls, 'ppsPerCore') for n in ('ours', 'udp-reflector', 'rtpengine'))
    lat = ' | '.join('/'.join(f"{fig(n, calls, k):.0f}" for k in ('p50us', 'p99us', 'p999us'))
                     for n in ('ours', 'udp-reflector', 'rtpengine'))
    lost_all = '/'.join(str(lost(n, calls)) for n in ('ours', 'udp-reflector', 'rtpengine'))
    print(f"{calls:>6}{calls * 100:>8}{o:>9.0f}{f:>10.0f}{e:>10.0f}{o / e:>10.2f}{f / e:>10.2f}{lost_all:>14}   {lat}")
srtp = [r for r in by('srtp') if r['lost'] == '0']
if srtp:
    s = max(srtp, key=lambda r: int(r['rate']))
    print(f"SRTP<->RTP: highest rate with 0 lost {s['rate']}/s, {s['ppsPerCore']} pkts/s per core, relay CPU {s['relayCpu']}")
for mode, label in (('relay-alloc', 'plain RTP'), ('srtp-alloc', 'SRTP<->RTP')):
    runs = by(mode)
    if runs:  # the last rate: the JIT is warm and every call is set up
        r = runs[-1]
        print(f"relay thread allocation, {label}: {int(r['relayThreadAllocatedBytes']) / int(r['packets']):.1f} bytes"
              f" per packet at {r['rate']}/s (exact per-thread counter)")
for r in by('dtls'): print(f"DTLS-SRTP handshakes/s: {r['handshakesPerSecond']}")
for r in by('heap'): print(f"heap per anchored call: {int(r['bytesPerCall']) / 1024:.1f} KB")
print(f"CPU steal over the run: {sys.argv[2]}% (above a few percent, figures are not comparable)")
PY
echo "allocation samples (JFR) on the relay thread during the plain run, by class:"
jfr print --events jdk.ObjectAllocationSample "$work/relay.jfr" | grep -B3 'eventThread = "media-relay-0"' \
  | grep -oE 'objectClass = [^ ]+' | sort | uniq -c | sort -rn | head -5 || true
echo "(samples weighted by bytes: none means no allocation the sampler saw)"
echo "(logs in $work)"
