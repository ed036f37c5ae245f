#!/usr/bin/env bash
# Media relay benchmark: packets per second per core, loss and added latency for plain RTP<->RTP
# and SRTP<->RTP through the gateway's relay, the same plain load through rtpengine (Debian's
# package, userspace only, same generator, same run), DTLS handshakes per second, heap per call,
# and the relay thread's allocations on the packet path (JFR). Prints figures; asserts nothing.
#
#   benchmarks/media-bench.sh [STREAMS] [SECONDS] [RATES] [SRTP_STREAMS]
#     STREAMS       plain RTP streams, each both ways (default 200: 50 packets/s each way at 20,000/s,
#                   the rate of a real call; rtpengine's poller drops bursts on fewer, faster streams)
#     SECONDS       per rate step (default 10)
#     RATES         total packets/s to try, ascending (default 10000,20000,40000,60000,80000)
#     SRTP_STREAMS  WebRTC streams for the SRTP run (default 20; each is a full ICE+DTLS peer)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/benchmarks/bench-lib.sh"
streams=${1:-200}
seconds=${2:-10}
rates=${3:-10000,20000,40000,60000,80000}
srtp_streams=${4:-20}
command -v rtpengine >/dev/null || { echo "needs rtpengine (apt-get install rtpengine-daemon)"; exit 1; }
work=$(mktemp -d /tmp/media-bench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

cd "$root"
mvn -q -B -o test-compile -pl media-relay -am >/dev/null
mvn -q -B -o dependency:build-classpath -pl media-relay -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp="media-relay/target/test-classes:media-relay/target/classes:$(cat "$work/cp")"
bench() { java -cp "$cp" -Xms1g -Xmx1g -XX:+UseZGC -Dice4j.harvest.mapping.aws.enabled=false \
  -Djava.util.logging.config.file=/dev/null "$@" 2>>"$work/java.log" | grep '^RESULT' | tee -a "$work/results"; }

steal0=$(steal_mark)
echo "== plain RTP <-> RTP through the relay (one relay thread), $streams streams, ${seconds}s per rate"
bench org.opensbc.media.bench.MediaBench relay "$streams" "$seconds" "$rates"
echo "== SRTP (after ICE + DTLS) <-> RTP through the relay, $srtp_streams streams"
bench org.opensbc.media.bench.MediaBench srtp "$srtp_streams" "$seconds" "$rates"
echo "== the same plain load through rtpengine $(rtpengine --version 2>&1 | head -1 | awk '{print $NF}') (userspace: --table=-1)"
rtpengine --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:22222 --port-min=44000 --port-max=45999 \
  --foreground --log-stderr --log-level=3 > "$work/rtpengine.log" 2>&1 &
engine=$!
pids+=("$engine")
sleep 2
kill -0 "$engine" || { echo "rtpengine did not start (port 22222 taken?):"; tail -5 "$work/rtpengine.log"; exit 1; }
bench org.opensbc.media.bench.MediaBench rtpengine 22222 "$engine" "$streams" "$seconds" "$rates"
kill "${pids[@]}" 2>/dev/null || true
echo "== the generator alone (latency floor), at each rate"
for r in ${rates//,/ }; do bench org.opensbc.media.bench.MediaBench direct "$streams" "$seconds" "$r"; done
echo "== DTLS-SRTP handshakes (2 at a time, in memory)"
bench org.opensbc.media.bench.MediaBench dtls 2 10
echo "== heap per anchored phone-to-phone call (500 calls)"
bench org.opensbc.media.bench.MediaBench heap 500
echo "== allocation profile (JFR) of the relay thread: plain RTP, 2 x ${seconds}s at the first rate (not measured)"
java -cp "$cp" -Xmx1g -XX:StartFlightRecording=filename="$work/relay.jfr",settings=profile \
  org.opensbc.media.bench.MediaBench relay "$streams" "$seconds" "${rates%%,*},${rates%%,*}" >/dev/null 2>>"$work/java.log"
steal=$(steal_pct "$steal0" "$(steal_mark)")

echo
python3 - "$work/results" "$steal" <<'PY'
import re, sys
rows = [dict(re.findall(r'(\w+)=([^ ]+)', l.strip())) for l in open(sys.argv[1])]
def by(mode): return [r for r in rows if r['mode'] == mode]
direct = {r['rate']: float(r['p99us']) for r in by('direct')}
def best(mode):
    ok = [r for r in by(mode) if r['lost'] == '0']
    return max(ok, key=lambda r: int(r['rate'])) if ok else None
print(f"{'path':<22}{'max rate, 0 lost':>18}{'relay CPU':>11}{'pkts/s per core':>17}{'p50/p99 us':>14}{'added p99 us':>14}")
for mode, label in (('relay', 'RTP<->RTP (ours)'), ('srtp', 'SRTP<->RTP (ours)'), ('rtpengine', 'RTP<->RTP rtpengine')):
    r = best(mode)
    if r is None:
        print(f"{label:<22}{'none':>18}"); continue
    added = float(r['p99us']) - direct.get(r['rate'], 0)
    print(f"{label:<22}{r['rate']:>18}{r['relayCpu']:>11}{r['ppsPerCore']:>17}{r['p50us'] + '/' + r['p99us']:>14}{added:>14.0f}")
ours, theirs = best('relay'), best('rtpengine')
if ours and theirs:
    common = min(int(ours['rate']), int(theirs['rate']))
    o = next(r for r in by('relay') if int(r['rate']) == common)
    t = next(r for r in by('rtpengine') if int(r['rate']) == common)
    print(f"per-core ratio ours/rtpengine at {common}/s (both 0 lost): {float(o['ppsPerCore']) / float(t['ppsPerCore']):.2f}")
for r in by('dtls'): print(f"DTLS-SRTP handshakes/s: {r['handshakesPerSecond']}")
for r in by('heap'): print(f"heap per anchored call: {int(r['bytesPerCall']) / 1024:.1f} KB")
print(f"CPU steal over the run: {sys.argv[2]}% (above a few percent, latency figures are not comparable)")
PY
echo "allocation samples (JFR) on the relay thread during the plain run, by class:"
jfr print --events jdk.ObjectAllocationSample "$work/relay.jfr" | grep -B3 'eventThread = "media-relay-0"' \
  | grep -oE 'objectClass = [^ ]+' | sort | uniq -c | sort -rn | head -5 || true
echo "(samples weighted by bytes: none means no allocation the sampler saw; JDK's epoll selector boxes fd numbers above 127)"
echo "(logs in $work)"
