#!/usr/bin/env bash
# The benchmark harness. One invocation measures, with the same C closed-loop generator
# (loadtest/floor/closedloop.c: a window sent as one UDP_SEGMENT buffer, replies read with recvmmsg,
# 16 sockets, window 32 each):
#   the floor  a C recvmmsg/sendmmsg UDP echo that does no JSON work (loadtest/floor/udp_echo.c);
#   readme     the node as the README runs it:
#              java @node-server/jvm.options -jar node-server.jar --bootstrap none --limits off
#                   --bind 127.0.0.1 --port P   (plus --http-port, so that the two nodes differ),
#              against an unpinned floor, the generator unpinned too;
#   tuned      the node with --cpus (its event loops on the last CPUs) and --busy-poll US, against
#              a floor on the same CPUs, the generator on the other CPUs.
# For each scenario (echo; verified peers: cookie handshake, then PleaseSendPeers with
# AlwaysReturned, 46 seeded peers in every reply) and each run, the four are measured one after
# the other (floor, node, per mode), so that background load hits them alike; the figures are the
# medians over the runs, a ratio the median of the per-run ratios node/floor, where a run's floor
# is the mean of the floor runs just before and just after its node run (one extra floor run ends
# each scenario).
#
# The generator reports its own CPU time. When it used at least 90 % of its CPU while the server
# had headroom (under 90 % of a CPU per server thread, or a busy-polling node, whose CPU shows no
# headroom), that run measured the generator, not the server: the pair gives no ratio, and when no
# pair is left, the scenario prints "generator-bound" instead of a ratio.
#
# Then the echo p99 at half the tuned node's echo peak (README node when tuned is not measured),
# from the C probe loadtest/floor/openloop.c -s (one spinning thread, requests evenly spaced),
# against the node and the floor. Ends with the targets (loadtest/targets.sh) and whether each
# was met. Loopback only; every run is bounded (duration + warm-up + 1 s of drain).
#
#   loadtest/bench.sh [--runs N] [--duration S] [--warmup S] [--sockets N] [--window N]
#                     [--threads N] [--scenarios "echo peers"] [--modes "readme tuned"]
#                     [--busy-poll US] [--seed-peers N] [--no-half-rate] [--build]
#
# Defaults: 3 runs of 10 s after 3 s, 16 sockets, window 32, 1 node thread, --busy-poll 1000 for
# the tuned node, 46 seed peers. --pin (older command lines) is accepted and changes nothing: the
# tuned mode pins. A busy-polling node would take the CPU from whatever is measured beside it, so
# it is stopped (SIGSTOP) while anything else is measured and continued (SIGCONT) for its own runs.
#
# NODE_JAR=/path/to/node-server.jar overrides the node under test (to compare two builds);
# NODE_JAVA_OPTS="..." replaces its JVM options, by default those of node-server/jvm.options, as the
# README runs it (NODE_JAVA_OPTS="" runs it on the JVM's own defaults). For each scenario and mode
# the node's heap allocation per datagram and its GC pauses come from its own metrics.
set -euo pipefail
cd "$(dirname "$0")/.."

. loadtest/targets.sh
RUNS=3 DURATION=10 WARMUP=3 SOCKETS=16 WINDOW=32 THREADS=1 SCENARIOS="echo peers" MODES="readme tuned"
BUSY_POLL=1000 SEED_PEERS=46 HALF_RATE=1 BUILD=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --sockets) SOCKETS=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --modes) MODES=$2; shift 2 ;;
    --busy-poll) BUSY_POLL=$2; shift 2 ;;
    --seed-peers) SEED_PEERS=$2; shift 2 ;;
    --no-half-rate) HALF_RATE=0; shift ;;
    --pin) shift ;; # older command lines (README): the tuned mode always pins
    --build) BUILD=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
for n in "$RUNS" "$DURATION" "$SOCKETS" "$WINDOW" "$THREADS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --runs, --duration, --sockets, --window and --threads take a positive number" >&2; exit 2; }
done
[[ "$WARMUP" =~ ^[0-9]+$ && "$SEED_PEERS" =~ ^[0-9]+$ && "$BUSY_POLL" =~ ^[0-9]+$ ]] ||
  { echo "bench.sh: --warmup, --seed-peers and --busy-poll take a number" >&2; exit 2; }
for m in $MODES; do [ "$m" = readme ] || [ "$m" = tuned ] || { echo "bench.sh: --modes takes readme and/or tuned" >&2; exit 2; }; done
for s in $SCENARIOS; do [ "$s" = echo ] || [ "$s" = peers ] || { echo "bench.sh: --scenarios takes echo and/or peers" >&2; exit 2; }; done
command -v jq >/dev/null || { echo "bench.sh needs jq (apt-get install -y jq)" >&2; exit 2; }
command -v gcc >/dev/null || { echo "bench.sh needs gcc for the floor and the load generator" >&2; exit 2; }

NODE_JAR=${NODE_JAR:-node-server/target/node-server.jar}
. loadtest/state-dir.sh
. loadtest/node-metrics.sh
if [ "$BUILD" = 1 ] || [ ! -f "$NODE_JAR" ]; then
  mvn -q -B -DskipTests -pl node-server -am package
fi
mkdir -p loadtest/target
FLOOR=loadtest/target/udp_echo GEN=loadtest/target/closedloop PROBE=loadtest/target/openloop
gcc -O2 -Wall -o "$FLOOR" loadtest/floor/udp_echo.c -lpthread
gcc -O2 -Wall -o "$GEN" loadtest/floor/closedloop.c
gcc -O2 -Wall -o "$PROBE" loadtest/floor/openloop.c -lpthread

# The tuned mode: servers on the last THREADS CPUs, load generators on the others.
SERVER_PIN=() LOAD_PIN=()
if [[ " $MODES " == *" tuned "* ]]; then
  . loadtest/pin-split.sh
  pin_split "$THREADS"
  SERVER_PIN=(taskset -c "$SERVER_CPUS") LOAD_PIN=(taskset -c "$LOAD_CPUS")
fi

BASE=$((20000 + RANDOM % 10000))
OUT=$(mktemp -d /tmp/cjp2p-bench.XXXXXX)
declare -A PORT PID HTTP
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# kdamond (the kernel's DAMON thread) takes CPU from whatever runs on these VMs; its CPU time is reported at the end.
kthread_ms() { local t=0 p; for p in $(pgrep -x 'kdamond.*' 2>/dev/null); do t=$((t + $(cut -d' ' -f1 "/proc/$p/schedstat"))); done; echo $((t / 1000000)); }
KD0=$(kthread_ms) T0=$(date +%s)
echo "== settings: runs $RUNS, ${DURATION}s (+${WARMUP}s warm-up), generator $SOCKETS sockets x window $WINDOW, node threads $THREADS, modes: $MODES"
[[ " $MODES " == *" tuned "* ]] && echo "== tuned: node --cpus $SERVER_CPUS --busy-poll $BUSY_POLL and its floor on CPU $SERVER_CPUS, generator and probe on CPU $LOAD_CPUS"

# start_node MODE EXTRA-FLAGS...: the node as the README runs it, plus the mode's flags.
start_node() {
  local mode=$1 i=${#PIDS[@]}; shift
  PORT[node-$mode]=$((BASE + 10 + 2 * i)) HTTP[node-$mode]=$((BASE + 11 + 2 * i))
  state_args=$(state_dir_args "$NODE_JAR") # before the start: the expansion is slow
  java ${NODE_JAVA_OPTS-@node-server/jvm.options} -jar "$NODE_JAR" $state_args --bootstrap none --limits off --bind 127.0.0.1 \
    --port "${PORT[node-$mode]}" --http-port "${HTTP[node-$mode]}" --threads "$THREADS" "$@" > "$OUT/node-$mode.log" 2>&1 &
  PID[node-$mode]=$!; PIDS+=("$!")
}
for mode in $MODES; do
  PORT[floor-$mode]=$((BASE + ${#PIDS[@]}))
  if [ "$mode" = tuned ]; then
    "${SERVER_PIN[@]}" "$FLOOR" "${PORT[floor-$mode]}" 127.0.0.1 "$THREADS" & PID[floor-$mode]=$!
  else
    "$FLOOR" "${PORT[floor-$mode]}" 127.0.0.1 "$THREADS" & PID[floor-$mode]=$!
  fi
  PIDS+=("${PID[floor-$mode]}")
  if [ "$mode" = tuned ]; then start_node tuned --cpus "$SERVER_CPUS" --busy-poll "$BUSY_POLL"; else start_node readme; fi
done
sleep 3
for mode in $MODES; do
  kill -0 "${PID[node-$mode]}" 2>/dev/null || { echo "the $mode node did not start:" >&2; cat "$OUT/node-$mode.log" >&2; exit 1; }
done

# A busy-polling node is stopped while anything else is measured.
POLLING=""; [[ " $MODES " == *" tuned "* ]] && [ "$BUSY_POLL" != 0 ] && POLLING=${PID[node-tuned]}
turn() { [ -n "$POLLING" ] && if [ "$1" = node-tuned ]; then kill -CONT "$POLLING"; else kill -STOP "$POLLING"; fi; return 0; }

# gen WHO OUTFILE closedloop-args...: one generator run against WHO (floor-MODE or node-MODE).
gen() {
  local who=$1 out=$2 pin=() raw=(); shift 2
  [ "${who#*-}" = tuned ] && pin=("${LOAD_PIN[@]}")
  [ "${who%%-*}" = floor ] && raw=(--raw)
  turn "$who"
  "${pin[@]}" timeout $((DURATION + WARMUP + 30)) "$GEN" --sockets "$SOCKETS" --window "$WINDOW" --server-pid "${PID[$who]}" \
    --duration "$DURATION" --warmup "$WARMUP" "${raw[@]}" --json "$@" "${PORT[$who]}" > "$out" 2> "$out.err" || true
  jq -e .replies "$out" >/dev/null 2>&1 || { echo "generator failed against $who, see $out.err" >&2; echo '{}' > "$out"; }
}
median() { local k=$1; shift; jq -s "map(.$k // 0) | sort | .[length/2|floor]" "$@"; }
# A node's own counters: heap allocated, GC pauses (count, seconds), datagrams received.
node_counters() {
  metric_sums "$1" jvm_gc_memory_allocated_bytes_total jvm_gc_pause_seconds_count jvm_gc_pause_seconds_sum \
    cjp2p_datagrams_received_total
}
# bound FILE BUSY: 1 when that run measured the generator: it used >= 90 % of its CPU while the
# server used under 90 % of a CPU per thread, or while the server busy-polled (BUSY 1), whose CPU
# shows no headroom.
bound() {
  jq -r --argjson busy "$2" --argjson threads "$THREADS" \
    'if (.gen_cpu_share // 0) >= 0.9 and ($busy == 1 or (.server_cpu_share // 0) < 0.9 * $threads) then 1 else 0 end' "$1"
}

# Each node: an untimed echo run for its JIT, then the seed peers that fill every Peers reply with
# an untimed peers run, so that the verified path (cookie check, key announcement, peer handout) is
# compiled before its first measured run too: with one second of it, C2 was still compiling that
# path during the first peers runs, and on the tuned node's single CPU that cost the run.
for mode in $MODES; do
  gen "node-$mode" "$OUT/jit-$mode.json" --scenario echo --duration 5 --warmup 0
  if [[ " $SCENARIOS " == *" peers "* ]] || [ "$SEED_PEERS" -gt 0 ]; then
    seed=(); [ "$SEED_PEERS" -gt 0 ] && seed=(--seed-peers "$SEED_PEERS")
    gen "node-$mode" "$OUT/seed-$mode.json" --scenario peers "${seed[@]}" --duration 5 --warmup 0
  fi
done

printf '\n%-6s %-6s %-6s %11s %16s %10s %8s %8s %7s %7s\n' scenario mode server "replies/s" ratio "cpu us/rep" "p50 us" "p99 us" "gen %" "server %"
for s in $SCENARIOS; do
  declare -A alloc=() pauses=() pause_s=() datagrams=()
  for r in $(seq 1 "$RUNS"); do
    for mode in $MODES; do
      gen "floor-$mode" "$OUT/$s-floor-$mode-$r.json" --scenario "$s"
      turn "node-$mode" # a stopped node would not answer the scrape
      read -r a0 n0 t0 d0 < <(node_counters "${HTTP[node-$mode]}")
      gen "node-$mode" "$OUT/$s-node-$mode-$r.json" --scenario "$s"
      read -r a1 n1 t1 d1 < <(node_counters "${HTTP[node-$mode]}")
      alloc[$mode]=$(( ${alloc[$mode]:-0} + a1 - a0 )) pauses[$mode]=$(( ${pauses[$mode]:-0} + n1 - n0 ))
      datagrams[$mode]=$(( ${datagrams[$mode]:-0} + d1 - d0 ))
      pause_s[$mode]=$(awk -v a="${pause_s[$mode]:-0}" -v b="$t1" -v c="$t0" 'BEGIN {print a + b - c}')
    done
  done
  # One more floor run per mode, so that every node run has a floor run on each side.
  for mode in $MODES; do gen "floor-$mode" "$OUT/$s-floor-$mode-$((RUNS + 1)).json" --scenario "$s"; done
  for mode in $MODES; do
    busy=0; [ "$mode" = tuned ] && [ "$BUSY_POLL" != 0 ] && busy=1
    # The ratio of a run: the node against the mean of the floor runs just before and just after
    # it (the floor drifts with the machine's load, by up to 2x within minutes); the median over
    # the runs whose floor and node runs all measured the server.
    ratios=() skipped=()
    for r in $(seq 1 "$RUNS"); do
      f=$OUT/$s-floor-$mode-$r.json g=$OUT/$s-floor-$mode-$((r + 1)).json n=$OUT/$s-node-$mode-$r.json
      if [ "$(bound "$f" 0)" = 1 ] || [ "$(bound "$g" 0)" = 1 ] || [ "$(bound "$n" "$busy")" = 1 ]; then
        skipped+=("$r"); continue
      fi
      ratios+=("$(jq -n --slurpfile f "$f" --slurpfile g "$g" --slurpfile n "$n" \
        '($n[0].replies_per_s // 0) / ((($f[0].replies_per_s // 0) + ($g[0].replies_per_s // 0)) / 2 + 1e-9)')")
    done
    if [ "${#ratios[@]}" -gt 0 ]; then
      ratio=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}')
      shown=$ratio; [ "${#skipped[@]}" -gt 0 ] && shown="$ratio (${#ratios[@]}/$RUNS)"
    else
      ratio=generator-bound shown=gen-bound
    fi
    printf -v "RATIO_${s}_$mode" '%s' "$ratio"
    for who in floor node; do
      files=("$OUT/$s-$who-$mode-"*.json)
      r_shown=1.00; [ "$who" = node ] && r_shown=$shown
      printf '%-6s %-6s %-6s %11.0f %16s %10.2f %8.1f %8.1f %6.0f%% %6.0f%%\n' "$s" "$mode" "$who" \
        "$(median replies_per_s "${files[@]}")" "$r_shown" "$(median server_cpu_us_per_reply "${files[@]}")" \
        "$(median p50_us "${files[@]}")" "$(median p99_us "${files[@]}")" \
        "$(jq -s 'map((.gen_cpu_share // 0) * 100) | sort | .[length/2|floor]' "${files[@]}")" \
        "$(jq -s 'map((.server_cpu_share // 0) * 100) | sort | .[length/2|floor]' "${files[@]}")"
      echo "    runs: $(jq -s -c 'map(.replies_per_s // 0 | round)' "${files[@]}") replies/s, generator $(jq -s -c 'map((.gen_cpu_share // 0) * 100 | round)' "${files[@]}") % of a CPU, loss $(jq -s -c 'map(.loss // 1)' "${files[@]}")"
      bad=$(jq -s 'map((.bad // 0) + (.send_errors // 0)) | add' "${files[@]}")
      [ "$bad" != 0 ] && echo "    $bad bad replies or send errors: see $OUT/$s-$who-$mode-*.json"
      [ "$who" = node ] && [ "$s" = peers ] && echo "    peers per reply: $(jq -s -c 'map(.peers_per_reply // 0)' "${files[@]}")"
    done
    [ "${#skipped[@]}" -gt 0 ] && echo "    the generator was the bottleneck (>= 90 % of its CPU, the server with headroom) in run(s) ${skipped[*]}: no ratio from them"
    awk -v a="${alloc[$mode]}" -v d="${datagrams[$mode]}" -v n="${pauses[$mode]}" -v t="${pause_s[$mode]}" 'BEGIN {
      printf "    node heap: %.0f B allocated per datagram received (%d datagrams); %d GC pauses, %.1f ms in all\n",
        d ? a / d : 0, d, n, t * 1000 }'
  done
done

PROBE_P99=""
if [ "$HALF_RATE" = 1 ] && [[ " $SCENARIOS " == *" echo "* ]]; then
  # The tuned node when it was measured, as the README runs it otherwise.
  mode=readme probe_pin=(); [[ " $MODES " == *" tuned "* ]] && mode=tuned probe_pin=("${LOAD_PIN[@]}")
  peak=$(median replies_per_s "$OUT"/echo-node-"$mode"-*.json)
  half=$(jq -n "$peak / 2 | floor")
  echo
  echo "== echo at half the $mode node's peak: $half datagrams/s, spread evenly by the C probe (openloop -s), $RUNS x ${DURATION} s after 2 s"
  if [ "$half" -ge 1 ]; then
    for r in $(seq 1 "$RUNS"); do
      for who in floor node; do
        turn "$who-$mode"
        "${probe_pin[@]}" timeout $((DURATION + 30)) "$PROBE" -s "${PORT[$who-$mode]}" "$half" "$DURATION" 2 0 > "$OUT/probe-$who-$r.txt" 2>&1 || true
      done
    done
    # probe_field WHO NAME: NAME's value (us) from each run's summary line, one per line.
    probe_field() { awk -v k="$2" '/^rate/ {for (i = 1; i < NF; i++) if ($i == k) print $(i+1)}' "$OUT/probe-$1-"*.txt; }
    med() { sort -g | awk '{a[NR]=$1} END {if (NR) printf "%.1f", a[int((NR+1)/2)]; else printf "n/a"}'; }
    PROBE_P99=$(probe_field node p99 | med)
    for who in floor node; do
      printf '%-6s p50 %s us  p99 %s us  (p99 of runs: %s; probe sent late, p99 %s us)\n' "$who" \
        "$(probe_field "$who" p50 | med)" "$(probe_field "$who" p99 | med)" \
        "$(probe_field "$who" p99 | paste -sd/ -)" "$(probe_field "$who" sent_late_p99 | med)"
    done
    [ "$PROBE_P99" = n/a ] && PROBE_P99=no-replies
  fi
fi
echo
echo "== targets (medians of this invocation)"
judge_targets "${RATIO_echo_readme:-}" "${RATIO_echo_tuned:-}" "${RATIO_peers_readme:-}" "${RATIO_peers_tuned:-}" "$PROBE_P99"
echo
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg); kdamond CPU during the bench: $(( $(kthread_ms) - KD0 )) ms in $(( $(date +%s) - T0 )) s"
echo "== raw results in $OUT"
