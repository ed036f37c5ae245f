# Shared by the benchmark scripts (sourced): tools check, process cleanup, CPU and heap probes.
# Expects $root and $work to be set by the caller.

require_tools() {
  command -v sipp >/dev/null || { echo "needs sipp (apt-get install sip-tester)"; exit 1; }
  command -v kamailio >/dev/null || { echo "needs kamailio (apt-get install kamailio)"; exit 1; }
  local jar="$root/sbc-core/target/sbc.jar"
  # built again when any module's source or resource is newer: a stale jar measures old code
  if [ ! -f "$jar" ] || [ -n "$(find "$root"/*/src/main "$root/pom.xml" "$root"/*/pom.xml -newer "$jar" -print -quit)" ]; then
    (cd "$root" && mvn -q -B -DskipTests package)
  fi
}

# bench_config [YAML_LINE...]: the gateway config both benchmarks use (UDP on $SBC_PORT only, no
# bans, no keepalives, admin on $ADMIN_PORT), plus the caller's extra top-level lines.
bench_config() {
  cat > "$work/sbc.yaml" <<YAML
dataDir: $work/data
sip:
  udp: { address: 127.0.0.1, port: $SBC_PORT }
  tcp: { enabled: false }
  wss: { enabled: false }
  domains: [127.0.0.1]
registrar: { maxExpires: 3600, defaultExpires: 3600 }
auth: { banAfterFailures: 0 }
nat: { keepaliveIntervalSeconds: 0 }
admin: { port: $ADMIN_PORT }
YAML
  if [ $# -gt 0 ]; then printf '%s\n' "$@" >> "$work/sbc.yaml"; fi
  # one SIPp address sends thousands of requests a second: the per-source rate limit would ban it
  printf 'rateLimit: { requestsPerSecond: 0 }\n' > "$work/acl.yaml"
}

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; pkill -f "$work/kamailio.cfg" 2>/dev/null || true; }
trap cleanup EXIT

# total CPU ticks (user+system) of the given pids
ticks() { local t=0; for p in "$@"; do read -r -a f < "/proc/$p/stat"; t=$((t + f[13] + f[14])); done; echo $t; }
# thread_ticks PID... -> "thread-name ticks" per thread (names with their numbers stripped, so a
# pool's threads sum up as one line), for where a process's CPU goes between two snapshots
thread_ticks() {
  local p t
  for p in "$@"; do
    for t in /proc/"$p"/task/*; do
      [ -r "$t/stat" ] || continue
      awk '{ match($0, /\(.*\)/); name = substr($0, RSTART + 1, RLENGTH - 2); rest = substr($0, RSTART + RLENGTH + 1)
             split(rest, f, " "); gsub(/[-#]?[0-9]+/, "", name); print name ";" f[12] + f[13] }' "$t/stat" 2>/dev/null
    done
  done
}
# heap in use after a full GC, KB
heap_used_kb() { jcmd "$1" GC.run >/dev/null; sleep 1; jcmd "$1" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | tr -dc 0-9; }
# steal_mark -> "steal_ticks total_ticks" of the whole machine; steal_pct MARK0 MARK1 -> percent
# of CPU time the hypervisor gave to others in between (a run with much steal is not comparable)
steal_mark() { awk '/^cpu /{print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
steal_pct() { python3 -c "import sys; a=sys.argv[1].split(); b=sys.argv[2].split(); print(f'{(int(b[0])-int(a[0]))*100/max(1,int(b[1])-int(a[1])):.0f}')" "$1" "$2"; }
threads() { awk '/^Threads:/{print $2}' "/proc/$1/status"; }

# find_max TARGET NAME [RESET_FUNCTION | PIDS...]: probes each rate in $RATES for $PROBE s up to
# the first failure, then confirms the best for $DURATION s (else the next lower). Sets found_rate
# and found_cpu (0 0 when nothing held), and found_cpu_parts (the CPU of each measured process,
# in order, space-separated); progress goes to stderr. With a reset function, it is
# called before each confirmation (a fresh server, left with nothing of the probes) and must set
# $server_pids; else the PIDS are measured. Uses the caller's run_sipp TARGET RATE SECONDS, which
# prints "ok|fail successful failed secs ...". $SETTLE seconds between runs let the server finish
# what a run left (transactions, queues). Not for a subshell: the reset starts processes.
find_max() {
  local target=$1 name=$2; shift 2
  local reset=""
  if [ $# -gt 0 ] && declare -F "$1" >/dev/null; then reset=$1; shift; fi
  local best=0 verdict ok failed secs
  for r in $RATES; do
    read -r verdict ok failed secs _ < <(run_sipp "$target" "$r" "$PROBE")
    sleep "$SETTLE"
    echo "  $name probe ${r}/s for ${PROBE}s: $verdict ($ok ok, $failed failed, ${secs}s)" >&2
    [ "$verdict" = ok ] || break
    best=$r
  done
  local rates_desc; rates_desc=$(for r in $RATES; do if [ "$r" -le "$best" ]; then echo "$r"; fi; done | sort -rn)
  found_rate=0; found_cpu=0; found_cpu_parts=""
  for r in $rates_desc; do
    local measured=("$@")
    if [ -n "$reset" ]; then "$reset" >&2; read -r -a measured <<< "$server_pids"; fi
    local t0 p; t0=$(for p in "${measured[@]}"; do ticks "$p"; done)
    read -r verdict ok failed secs _ < <(run_sipp "$target" "$r" "$DURATION")
    local t1; t1=$(for p in "${measured[@]}"; do ticks "$p"; done)
    sleep "$SETTLE"
    local parts; parts=$(python3 -c "import sys; a, b = sys.argv[1].split(), sys.argv[2].split()
print(' '.join(f'{(int(y)-int(x))/$(getconf CLK_TCK)/$secs*100:.0f}' for x, y in zip(a, b)))" "$t0" "$t1")
    local cpu; cpu=$(python3 -c "import sys; print(sum(int(x) for x in sys.argv[1:]))" $parts)
    echo "  $name ${r}/s for ${DURATION}s: $verdict ($ok ok, $failed failed, ${secs}s, CPU ${cpu}% of one core)" >&2
    if [ "$verdict" = ok ]; then found_rate=$r; found_cpu=$cpu; found_cpu_parts=$parts; return; fi
  done
}
