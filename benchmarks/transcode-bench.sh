#!/usr/bin/env bash
# Transcoding benchmark: concurrent Opus<->PCMU calls (both directions, 20 ms, real time) through
# the relay's one loop thread (one core), for native libopus (libjitsi) and for Concentus. Per
# step: packets lost, the relay thread's CPU, its CPU per frame pair (codec work plus the four
# packets' system calls), frame-processing latency (sent -> transcoded frame received) p50/p99/
# p99.9, and heap per transcoded call (native libopus state is outside the heap). Loopback only;
# every step is bounded by SECONDS. Prints figures; asserts nothing.
#
# Then the same load, same generator, through rtpengine (Debian's package, userspace, one worker
# thread, transcoding with its codec flag "transcode: PCMU"), measured by its process CPU.
#
#   benchmarks/transcode-bench.sh [SECONDS] [NATIVE_CALLS] [CONCENTUS_CALLS] [RTPENGINE_CALLS]
#     defaults: 10  "100,150,200,250"  "30,60,90,120"  "50,100,150,200"
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/benchmarks/bench-lib.sh"
seconds=${1:-10}
native_calls=${2:-100,150,200,250}
concentus_calls=${3:-30,60,90,120}
engine_calls=${4:-50,100,150,200}
command -v rtpengine >/dev/null || { echo "needs rtpengine (apt-get install rtpengine-daemon)"; exit 1; }
work=$(mktemp -d /tmp/transcode-bench.XXXXXX)
engine=""
trap '[ -n "$engine" ] && kill "$engine" 2>/dev/null || true' EXIT
cd "$root"
mvn -q -B -o test-compile -pl media-relay -am >/dev/null
mvn -q -B -o dependency:build-classpath -pl media-relay -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp="media-relay/target/test-classes:media-relay/target/classes:$(cat "$work/cp")"
jvm="-Xms1g -Xmx1g -XX:+UseZGC -XX:AutoBoxCacheMax=65536"   # as scripts/run.sh runs the gateway
steal0=$(steal_mark)
for impl in native concentus; do
  calls=$native_calls; [ "$impl" = concentus ] && calls=$concentus_calls
  java -cp "$cp" $jvm -Dice4j.harvest.mapping.aws.enabled=false \
    org.opensbc.media.bench.TranscodeBench "$impl" "$calls" "$seconds" 2>>"$work/java.log" | grep '^RESULT'
done
rtpengine --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:22223 --port-min=46000 --port-max=47999 \
  --num-threads=1 --foreground --log-stderr --log-level=3 > "$work/rtpengine.log" 2>&1 &
engine=$!
sleep 1
kill -0 "$engine" || { echo "rtpengine did not start:"; tail -5 "$work/rtpengine.log"; exit 1; }
java -cp "$cp" $jvm -Dice4j.harvest.mapping.aws.enabled=false \
  org.opensbc.media.bench.TranscodeBench rtpengine "$engine_calls" "$seconds" 22223 "$engine" 2>>"$work/java.log" | grep '^RESULT'
echo "cpu steal over the run: $(steal_pct "$steal0" "$(steal_mark)")%"
