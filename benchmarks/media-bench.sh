#!/usr/bin/env bash
# Media relay benchmark: packets per second per core, loss and added latency for plain RTP<->RTP
# and SRTP<->RTP through the gateway's relay, the same plain load through rtpengine (Debian's
# package, userspace only, same generator, same run), DTLS handshakes per second, heap per call,
# and the relay thread's allocations on the packet path (JFR). Prints figures; asserts nothing.
#
#   benchmarks/media-bench.sh [STREAMS] [SECONDS] [RATES] [SRTP_STREAMS] [ROUNDS]
#     STREAMS       plain RTP streams, each both ways (default 200: 50 packets/s each way at 20,000/s,
#                   the rate of a real call; rtpengine's poller drops bursts on fewer, faster streams)
#     SECONDS       per trial (default 5)
#     RATES         total packets/s to try, ascending (default 20000,40000,80000,100000)
#     SRTP_STREAMS  WebRTC streams for the SRTP run (default 20; each is a full ICE+DTLS peer)
#     ROUNDS        alternating relay/rtpengine trials per rate (default 3; the median counts)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/benchmarks/bench-lib.sh"
streams=${1:-200}
seconds=${2:-5}
rates=${3:-20000,40000,80000,100000}
srtp_streams=${4:-20}
rounds=${5:-3}
command -v rtpengine >/dev/null || { echo "needs rtpengine (apt-get install rtpengine-daemon)"; exit 1; }
work=$(mktemp -d /tmp/media-bench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

cd "$root"
mvn -q -B -o test-compile -pl media-relay -am >/dev/null
mvn -q -B -o dependency:build-classpath -pl media-relay -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp="media-relay/target/test-classes:media-relay/target/classes:$(cat "$work/cp")"
jvm="-Xms1g -Xmx1g -XX:+UseZGC -XX:AutoBoxCacheMax=65536"   # as scripts/run.sh runs the gateway
bench() { java -cp "$cp" $jvm -Dice4j.harvest.mapping.aws.enabled=false \
  -Djava.util.logging.config.file=/dev/null "$@" 2>>"$work/java.log" | grep '^RESULT' | tee -a "$work/results"; }

steal0=$(steal_mark)
engine_version=$(rtpengine --version 2>&1 | head -1 | awk '{print $NF}')
echo "== plain RTP <-> RTP: our relay (one relay thread) and rtpengine $engine_version (userspace: --table=-1),"
echo "   $streams streams, trials of ${seconds}s alternating between the two, $rounds rounds per rate"
rtpengine --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:22222 --port-min=44000 --port-max=45999 \
  --foreground --log-stderr --log-level=3 > "$work/rtpengine.log" 2>&1 &
engine=$!
pids+=("$engine")
sleep 2
kill -0 "$engine" || { echo "rtpengine did not start (port 22222 taken?):"; tail -5 "$work/rtpengine.log"; exit 1; }
bench org.opensbc.media.bench.MediaBench compare 22222 "$engine" "$streams" "$seconds" "$rates" "$rounds"
kill "${pids[@]}" 2>/dev/null || true
echo "== SRTP (after ICE + DTLS) <-> RTP through the relay, $srtp_streams streams"
bench org.opensbc.media.bench.MediaBench srtp "$srtp_streams" "$seconds" "$rates"
echo "== added latency: 3 s trials alternating relayed / direct (generator alone), 7 rounds, median"
for r in 20000 "${rates##*,}"; do bench org.opensbc.media.bench.MediaBench latency "$streams" 3 "$r" 7; done
echo "== DTLS-SRTP handshakes (2 at a time, in memory)"
bench org.opensbc.media.bench.MediaBench dtls 2 10
echo "== heap per anchored phone-to-phone call (500 calls)"
bench org.opensbc.media.bench.MediaBench heap 500
echo "== allocation profile (JFR) of the relay thread: plain RTP, 2 x ${seconds}s at the first rate (not measured)"
java -cp "$cp" $jvm -XX:StartFlightRecording=filename="$work/relay.jfr",settings=profile \
  org.opensbc.media.bench.MediaBench relay "$streams" "$seconds" "${rates%%,*},${rates%%,*}" >/dev/null 2>>"$work/java.log"
steal=$(steal_pct "$steal0" "$(steal_mark)")

echo
python3 - "$work/results" "$steal" <<'PY'
import re, sys
rows = [dict(re.findall(r'(\w+)=([^ ]+)', l.strip())) for l in open(sys.argv[1])]
def by(mode): return [r for r in rows if r['mode'] == mode]
print(f"{'rate/s':>8}{'ours pkts/s/core':>18}{'rtpengine':>11}{'ratio':>7}{'lost (either)':>15}   (medians of alternating trials)")
for r in by('ratio'):
    print(f"{r['rate']:>8}{r['oursPpsPerCore']:>18}{r['rtpenginePpsPerCore']:>11}{r['ratio']:>7}{r['lostEither']:>15}")
ok = [r for r in by('ratio') if r['lostEither'] == '0']
if ok:
    top = max(ok, key=lambda r: int(r['rate']))
    print(f"per-core ratio at the highest rate both carried with 0 lost ({top['rate']}/s): {top['ratio']}")
srtp = [r for r in by('srtp') if r['lost'] == '0']
if srtp:
    s = max(srtp, key=lambda r: int(r['rate']))
    print(f"SRTP<->RTP: highest rate with 0 lost {s['rate']}/s, {s['ppsPerCore']} pkts/s per core, relay CPU {s['relayCpu']}")
for r in by('latency'):
    print(f"latency at {r['rate']}/s: relayed p50/p99 {r['relayedP50us']}/{r['relayedP99us']} us, direct "
          f"{r['directP50us']}/{r['directP99us']} us, added p50/p99 {r['addedP50us']}/{r['addedP99us']} us")
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
