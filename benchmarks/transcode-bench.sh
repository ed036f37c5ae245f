#!/usr/bin/env bash
# Transcoding benchmark: concurrent Opus<->PCMU calls (both directions, 20 ms, real time) through
# the relay's one loop thread on one core, for native libopus (libjitsi) and for Concentus; then
# the same load through rtpengine (Debian's package, userspace, one worker thread, transcoding
# with its codec flag "transcode: PCMU"), pinned to the same core. The load comes from
# benchmarks/rtpgen.c (compiled here), pinned to the other core(s), which stamps arrivals with
# the kernel's receive time. Per step: packets lost, the transcoder's CPU and CPU per frame pair
# (codec work plus the four packets' system calls), frame latency (sent -> transcoded frame
# received) p50/p90/p99/p99.9, and heap per transcoded call (native libopus state is outside the
# heap). The browser side sends narrowband Opus, as Chrome does once the relay's answer asks for
# it (maxplaybackrate=8000); one extra native step sends fullband Opus (a browser that would not).
# Loopback only; every step is bounded by SECONDS. Prints figures; asserts nothing.
#
#   benchmarks/transcode-bench.sh [SECONDS] [NATIVE_CALLS] [CONCENTUS_CALLS] [RTPENGINE_CALLS]
#     defaults: 10  "150,200,250,300,350"  "50,75,100,125"  "25,50,75,100"
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/benchmarks/bench-lib.sh"
seconds=${1:-10}
native_calls=${2:-150,200,250,300,350}
concentus_calls=${3:-50,75,100,125}
engine_calls=${4:-25,50,75,100}
command -v rtpengine >/dev/null || { echo "needs rtpengine (apt-get install rtpengine-daemon)"; exit 1; }
command -v gcc >/dev/null || { echo "needs gcc (for benchmarks/rtpgen.c)"; exit 1; }
work=$(mktemp -d /tmp/transcode-bench.XXXXXX)
engine=""
trap '[ -n "$engine" ] && kill "$engine" 2>/dev/null || true' EXIT
cd "$root"
gcc -O2 -Wall -o "$work/rtpgen" benchmarks/rtpgen.c
mvn -q -B test-compile -pl media-relay -am >/dev/null
mvn -q -B dependency:build-classpath -pl media-relay -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp="media-relay/target/test-classes:media-relay/target/classes:$(cat "$work/cp")"
jvm="-Xms1g -Xmx1g -XX:+UseZGC -XX:+AlwaysPreTouch -XX:AutoBoxCacheMax=65536"   # as scripts/run.sh runs the gateway
bench() { java -cp "$cp" $jvm -Dice4j.harvest.mapping.aws.enabled=false "$@" 2>>"$work/java.log" | grep '^RESULT'; }
steal0=$(steal_mark)
echo "== our relay, libopus (libjitsi JNI), one relay thread on its own core"
bench org.opensbc.media.bench.RelayCallBench "$work/rtpgen" native "$native_calls" "$seconds"
echo "== the same, the browser sending fullband Opus"
bench -Dbench.browserOpus=fullband org.opensbc.media.bench.RelayCallBench "$work/rtpgen" native "${native_calls%%,*}" "$seconds"
echo "== our relay, Concentus (pure Java)"
bench org.opensbc.media.bench.RelayCallBench "$work/rtpgen" concentus "$concentus_calls" "$seconds"
echo "== rtpengine $(rtpengine --version 2>&1 | awk '{print $NF}'), userspace, one worker thread, on the same core"
rtpengine --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:22223 --port-min=46000 --port-max=47999 \
  --num-threads=1 --foreground --log-stderr --log-level=3 > "$work/rtpengine.log" 2>&1 &
engine=$!
sleep 1
kill -0 "$engine" || { echo "rtpengine did not start:"; tail -5 "$work/rtpengine.log"; exit 1; }
bench org.opensbc.media.bench.RelayCallBench "$work/rtpgen" rtpengine "$engine_calls" "$seconds" 22223 "$engine"
echo "cpu steal over the run: $(steal_pct "$steal0" "$(steal_mark)")%"
