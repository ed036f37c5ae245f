# Shared by the benchmark scripts (sourced): tools check, process cleanup, CPU and heap probes.
# Expects $root and $work to be set by the caller.

require_tools() {
  command -v sipp >/dev/null || { echo "needs sipp (apt-get install sip-tester)"; exit 1; }
  command -v kamailio >/dev/null || { echo "needs kamailio (apt-get install kamailio)"; exit 1; }
  [ -f "$root/sbc-core/target/sbc.jar" ] || (cd "$root" && mvn -q -B -DskipTests package)
}

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; pkill -f "$work/kamailio.cfg" 2>/dev/null || true; }
trap cleanup EXIT

# total CPU ticks (user+system) of the given pids
ticks() { local t=0; for p in "$@"; do read -r -a f < "/proc/$p/stat"; t=$((t + f[13] + f[14])); done; echo $t; }
# heap in use after a full GC, KB
heap_used_kb() { jcmd "$1" GC.run >/dev/null; sleep 1; jcmd "$1" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | tr -dc 0-9; }
threads() { awk '/^Threads:/{print $2}' "/proc/$1/status"; }
