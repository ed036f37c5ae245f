#!/usr/bin/env bash
# Transcoding benchmark: concurrent Opus<->PCMU calls (both directions, 20 ms, real time) through
# the relay's one loop thread (one core), for native libopus (libjitsi) and for Concentus. Per
# step: packets lost, the relay thread's CPU, its CPU per frame pair (codec work plus the four
# packets' system calls), frame-processing latency (sent -> transcoded frame received) p50/p99/
# p99.9, and heap per transcoded call (native libopus state is outside the heap). Loopback only;
# every step is bounded by SECONDS. Prints figures; asserts nothing.
#
#   benchmarks/transcode-bench.sh [SECONDS] [NATIVE_CALLS] [CONCENTUS_CALLS]
#     defaults: 10  "100,150,200,250"  "30,60,90,120"
# Not yet here: the same load through rtpengine's transcoding (issue 5 asks for the ratio).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/benchmarks/bench-lib.sh"
seconds=${1:-10}
native_calls=${2:-100,150,200,250}
concentus_calls=${3:-30,60,90,120}
work=$(mktemp -d /tmp/transcode-bench.XXXXXX)
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
echo "cpu steal over the run: $(steal_pct "$steal0" "$(steal_mark)")%"
