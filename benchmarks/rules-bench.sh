#!/usr/bin/env bash
# Routing rule evaluation per INVITE with 10, 1,000 and 100,000 prefix rules (JMH, sample mode:
# every evaluation timed; p50/p99/p99.9 printed), and how long each file takes to parse and
# validate. Prints figures; asserts nothing. The calls-per-second comparison with 10,000 rules
# loaded is call-bench.sh with RULES=10000 (see benchmarks/README.md).
#
#   benchmarks/rules-bench.sh [RULE_COUNTS]      default: 10,1000,100000
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
counts=${1:-10,1000,100000}
work=$(mktemp -d /tmp/rules-bench.XXXXXX)
cd "$root"
mvn -q -B install -DskipTests -Dmaven.test.skip.exec=true -pl benchmarks -am >/dev/null
mvn -q -B dependency:build-classpath -pl benchmarks -Dmdep.outputFile="$work/cp" >/dev/null
cp="benchmarks/target/classes:$(cat "$work/cp")"
java -cp "$cp" org.openjdk.jmh.Main RuleEvaluationBench -p rules="$counts" -rf json -rff "$work/jmh.json" \
  > "$work/jmh.log" 2>&1 || { tail -30 "$work/jmh.log"; exit 1; }
grep '^# [0-9]* prefix rules' "$work/jmh.log" | sort -u
python3 - "$work/jmh.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    p = r["primaryMetric"]["scorePercentiles"]
    print(f"RESULT rules={r['params']['rules']} evaluation p50={p['50.0']:.2f}us p99={p['99.0']:.2f}us "
          f"p99.9={p['99.9']:.2f}us mean={r['primaryMetric']['score']:.2f}us")
PY
