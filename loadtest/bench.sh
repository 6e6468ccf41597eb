#!/usr/bin/env bash
# The benchmark harness: the same flooder settings against the floor (a C recvmmsg/sendmmsg UDP echo
# that does no JSON work) and against the node, in one invocation, several runs each, interleaved so
# that background load hits both alike. Prints the median replies/s of each, their ratio, server CPU
# microseconds per reply (from /proc/<pid>/stat) and latency percentiles. The echo latency at half
# the node's peak is measured by the flooder, and by a C probe (loadtest/floor/openloop.c) that adds
# less tail of its own, with the requests spread evenly and in 1 ms bursts. Ends with the issue's
# three targets (the p99 from the spread probe) and whether each was met.
# Loopback only.
#
#   loadtest/bench.sh [--runs N] [--duration S] [--warmup S] [--sockets N] [--window N] [--threads N]
#                     [--scenarios "echo peers"] [--seed-peers N] [--no-half-rate] [--pin] [--busy-poll US]
#                     [--build]
#
# --pin gives the servers and the load generators CPUs of their own: the node's event loops
# (its --cpus flag) and the floor on the last THREADS CPUs, the flooder and the probe on the others.
# Without it the kernel places everything (see docs/benchmarks.md, "The seventh look").
# --busy-poll US runs the node with that flag (its event loops poll instead of sleeping while
# traffic flows; "The eighth look"). A polling node would take the CPU from the floor, so it is
# stopped (SIGSTOP) while the floor is measured and continued (SIGCONT) for its own runs.
#
# NODE_JAR=/path/to/node-server.jar overrides the node under test (to compare two builds);
# NODE_JAVA_OPTS="..." replaces its JVM options, by default those of node-server/jvm.options, as the
# README runs it (NODE_JAVA_OPTS="" runs it on the JVM's own defaults). For each scenario the node's
# heap allocation per datagram and its GC pauses come from its own metrics
# (jvm_gc_memory_allocated_bytes_total is every thread's allocation, read when scraped).
set -euo pipefail
cd "$(dirname "$0")/.."

# The targets of the performance issue, checked in the summary at the end.
. loadtest/targets.sh
RUNS=3 DURATION=10 WARMUP=2 SOCKETS=4 WINDOW=32 THREADS=1 SCENARIOS="echo peers" SEED_PEERS=46 HALF_RATE=1 BUILD=0 PIN=0 BUSY_POLL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --sockets) SOCKETS=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --seed-peers) SEED_PEERS=$2; shift 2 ;;
    --no-half-rate) HALF_RATE=0; shift ;;
    --pin) PIN=1; shift ;;
    --busy-poll) BUSY_POLL=$2; shift 2 ;;
    --build) BUILD=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

FLOODER=loadtest/target/loadtest.jar
NODE_JAR=${NODE_JAR:-node-server/target/node-server.jar}
if [ "$BUILD" = 1 ] || [ ! -f "$FLOODER" ] || [ ! -f "$NODE_JAR" ]; then
  mvn -q -B -DskipTests -pl loadtest -am package
fi
command -v jq >/dev/null || { echo "bench.sh needs jq (apt-get install -y jq)" >&2; exit 2; }

FLOOR=loadtest/target/udp_echo
PROBE=loadtest/target/openloop
if command -v gcc >/dev/null; then
  gcc -O2 -Wall -o "$FLOOR" loadtest/floor/udp_echo.c -lpthread
  gcc -O2 -Wall -o "$PROBE" loadtest/floor/openloop.c -lpthread
else
  echo "bench.sh: no gcc, so no floor; install gcc for the ratio" >&2
  FLOOR=""
fi

# With --pin: SERVER_PIN and LOAD_PIN prefix the commands (taskset), NODE_CPUS is the node's flag.
SERVER_PIN=() LOAD_PIN=() NODE_CPUS=()
if [ "$PIN" = 1 ]; then
  . loadtest/pin-split.sh
  pin_split "$THREADS"
  SERVER_PIN=(taskset -c "$SERVER_CPUS") LOAD_PIN=(taskset -c "$LOAD_CPUS") NODE_CPUS=(--cpus "$SERVER_CPUS")
fi

FLOOR_PORT=$((20000 + RANDOM % 10000))
NODE_PORT=$((FLOOR_PORT + 1))
HTTP_PORT=$((FLOOR_PORT + 2)) # metrics stay on, as in production, on a port of their own
OUT=$(mktemp -d /tmp/cjp2p-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -r)"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Kernel threads that take a CPU away now and then show up in every latency tail; on these VMs the
# main one is DAMON's kdamond (see docs/benchmarks.md). Its CPU time is reported at the end.
kthread_ms() { local t=0 p; for p in $(pgrep -x 'kdamond.*' 2>/dev/null); do t=$((t + $(cut -d' ' -f1 "/proc/$p/schedstat"))); done; echo $((t / 1000000)); }
KD0=$(kthread_ms) T0=$(date +%s)
echo "== settings: runs $RUNS, ${DURATION}s (+${WARMUP}s warm-up), $SOCKETS sockets, window $WINDOW, node threads $THREADS"
[ "$PIN" = 1 ] && echo "== pinned: node event loops and floor on CPU $SERVER_CPUS, flooder and probe on CPU $LOAD_CPUS"
NODE_BUSY=()
if [ "$BUSY_POLL" != 0 ]; then
  NODE_BUSY=(--busy-poll "$BUSY_POLL")
  echo "== node busy polls ${BUSY_POLL} us after its last event, and is stopped while the floor is measured"
fi

if [ -n "$FLOOR" ]; then
  "${SERVER_PIN[@]}" "$FLOOR" "$FLOOR_PORT" 127.0.0.1 "$THREADS" & FLOOR_PID=$!; PIDS+=("$FLOOR_PID")
fi
# --limits off: the flooder is a handful of sources at full speed, which the abuse limits would cut.
java ${NODE_JAVA_OPTS-@node-server/jvm.options} -jar "$NODE_JAR" --bootstrap none --bind 127.0.0.1 --port "$NODE_PORT" --threads "$THREADS" --log-level WARN \
  --limits off --http-port "$HTTP_PORT" "${NODE_CPUS[@]}" "${NODE_BUSY[@]}" \
  > "$OUT/node.log" 2>&1 & NODE_PID=$!; PIDS+=("$NODE_PID")
sleep 2

flood() { # target-port server-pid outfile extra-args...
  local port=$1 pid=$2 out=$3; shift 3
  floor_turn "$pid"
  "${LOAD_PIN[@]}" java -jar "$FLOODER" --target "127.0.0.1:$port" --duration "$DURATION" --warmup "$WARMUP" --sockets "$SOCKETS" \
    --window "$WINDOW" --server-pid "$pid" --json --quiet "$@" > "$out.txt" 2> "$out.err" || true
  node_turn
  tail -n1 "$out.txt" > "$out.json"
  jq -e .replies "$out.json" >/dev/null 2>&1 || { echo "flooder failed, see $out.txt $out.err" >&2; echo '{}' > "$out.json"; }
}
# A busy-polling node is stopped while another server is measured (floor_turn PID: the server
# about to be measured) and continued after (node_turn).
floor_turn() { if [ "$BUSY_POLL" != 0 ] && [ "$1" != "$NODE_PID" ]; then kill -STOP "$NODE_PID"; fi; }
node_turn() { if [ "$BUSY_POLL" != 0 ]; then kill -CONT "$NODE_PID"; fi; }
median() { local k=$1; shift; jq -s "map(.$k // 0) | sort | .[length/2|floor]" "$@"; }
# Sums of the node's own counters: heap allocated, GC pauses (count, seconds), datagrams received.
node_counters() {
  curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | awk '
    /^jvm_gc_memory_allocated_bytes_total / {a += $NF}
    /^jvm_gc_pause_seconds_count/ {n += $NF}
    /^jvm_gc_pause_seconds_sum/ {t += $NF}
    /^cjp2p_datagrams_received_total / {d += $NF}
    END {printf "%.0f %.0f %.6f %.0f\n", a, n, t, d}'
}

# The node is a JVM: one untimed run first so that the JIT has compiled the packet path.
flood "$NODE_PORT" "$NODE_PID" "$OUT/jit-warmup" --scenario echo --duration 5
[ "$SEED_PEERS" -gt 0 ] && flood "$NODE_PORT" "$NODE_PID" "$OUT/seed" --scenario peers --duration 1 --warmup 0 --seed-peers "$SEED_PEERS"

printf '\n%-8s %-6s %12s %8s %10s %9s %9s %9s %8s\n' scenario server "replies/s" ratio "cpu us/rep" "p50 us" "p99 us" "p99.9 us" "flooder%"
for s in $SCENARIOS; do
  alloc=0 pauses=0 pause_s=0 datagrams=0
  for r in $(seq 1 "$RUNS"); do
    [ -n "$FLOOR" ] && flood "$FLOOR_PORT" "$FLOOR_PID" "$OUT/$s-floor-$r" --scenario "$s" --raw-echo
    read -r a0 n0 t0 d0 < <(node_counters)
    flood "$NODE_PORT" "$NODE_PID" "$OUT/$s-node-$r" --scenario "$s"
    read -r a1 n1 t1 d1 < <(node_counters)
    alloc=$((alloc + a1 - a0)) pauses=$((pauses + n1 - n0)) datagrams=$((datagrams + d1 - d0))
    pause_s=$(awk -v a="$pause_s" -v b="$t1" -v c="$t0" 'BEGIN {print a + b - c}')
  done
  for who in floor node; do
    ls "$OUT/$s-$who-"*.json >/dev/null 2>&1 || continue
    files=("$OUT/$s-$who-"*.json)
    rps=$(median replies_per_s "${files[@]}")
    # The ratio is the median of the per-run ratios: run r of the node is compared with run r of
    # the floor, measured just before it under the same background load.
    if [ "$who" = floor ]; then ratio="1.00"; elif [ -n "$FLOOR" ]; then
      ratio=$(for r in $(seq 1 "$RUNS"); do
          jq -n --slurpfile f "$OUT/$s-floor-$r.json" --slurpfile n "$OUT/$s-node-$r.json" \
            '($n[0].replies_per_s // 0) / (($f[0].replies_per_s // 0) + 1e-9)'
        done | sort -g | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}')
    else ratio=n/a; fi
    [ "$who" = node ] && printf -v "RATIO_$s" '%s' "$ratio"
    fcpu=$(jq -s 'map(.flooder_cpu_s / .seconds * 100) | sort | .[length/2|floor] | round' "${files[@]}")
    printf '%-8s %-6s %12.0f %8s %10.2f %9.1f %9.1f %9.1f %7s%%\n' "$s" "$who" "$rps" "$ratio" \
      "$(median server_cpu_us_per_reply "${files[@]}")" "$(median p50_us "${files[@]}")" \
      "$(median p99_us "${files[@]}")" "$(median p999_us "${files[@]}")" "$fcpu"
    echo "  runs: $(jq -s -c 'map(.replies_per_s | round)' "${files[@]}") replies/s"
  done
  awk -v a="$alloc" -v d="$datagrams" -v n="$pauses" -v t="$pause_s" 'BEGIN {
    printf "  node heap: %.0f B allocated per datagram received (%d datagrams); %d GC pauses, %.1f ms in all\n",
      d ? a / d : 0, d, n, t * 1000 }'
done

if [ "$HALF_RATE" = 1 ] && ls "$OUT"/echo-node-*.json >/dev/null 2>&1; then
  peak=$(median replies_per_s "$OUT"/echo-node-*.json)
  half=$(jq -n "$peak / 2 | floor")
  echo
  echo "== echo, open loop at half the node's peak: $half datagrams/s"
  for r in $(seq 1 "$RUNS"); do
    # A longer warm-up: an open loop does not slow down while the flooder's own JIT is still compiling.
    [ -n "$FLOOR" ] && flood "$FLOOR_PORT" "$FLOOR_PID" "$OUT/half-floor-$r" --scenario echo --raw-echo --rate "$half" --warmup 5
    flood "$NODE_PORT" "$NODE_PID" "$OUT/half-node-$r" --scenario echo --rate "$half" --warmup 5
  done
  for who in floor node; do
    ls "$OUT/half-$who-"*.json >/dev/null 2>&1 || continue
    files=("$OUT/half-$who-"*.json)
    printf '%-8s %-6s %12.0f replies/s  p50 %.1f us  p99 %.1f us  p99.9 %.1f us  loss %s  (p99 of runs: %s)\n' half "$who" \
      "$(median replies_per_s "${files[@]}")" "$(median p50_us "${files[@]}")" "$(median p99_us "${files[@]}")" \
      "$(median p999_us "${files[@]}")" "$(median loss "${files[@]}")" "$(jq -s -c 'map(.p99_us)' "${files[@]}")"
  done
  if [ -n "$FLOOR" ]; then
    # The same rate from the C probe, which adds less tail of its own than the Java flooder, so it
    # tells the server's p99 from the load generator's. Two ways (docs/benchmarks.md, "The ninth look"):
    #   spread: one spinning thread sends each request on its own schedule, evenly spaced, and
    #           polls for replies between sends (openloop -s, TICK_US 0). The target's measure.
    #   burst:  a sender and a receiver thread, each 1 ms's requests in one burst, as the looks
    #           before the ninth measured; at the rates this machine reaches, a burst's last request
    #           waits behind up to 200 others, and even the floor's p99 passed 1 ms.
    # Given kdamond's pid, the burst probe also counts the slow 10 ms windows that thread ran in
    # (the spread probe has no watcher thread, which would preempt its spinning one).
    KD_PID=$(pgrep -x 'kdamond.0' 2>/dev/null | head -1 || true)
    echo "== the same rate, measured by the C probe (loadtest/floor/openloop.c), $RUNS x 10 s after 2 s, spread and in 1 ms bursts"
    for r in $(seq 1 "$RUNS"); do
      for who in floor node; do
        port=$FLOOR_PORT pid=$FLOOR_PID; [ "$who" = node ] && port=$NODE_PORT pid=$NODE_PID
        floor_turn "$pid"
        "${LOAD_PIN[@]}" "$PROBE" -s "$port" "$half" 10 2 0 > "$OUT/probe-spread-$who-$r.txt" 2>&1 || true
        "${LOAD_PIN[@]}" "$PROBE" "$port" "$half" 10 2 1000 $KD_PID > "$OUT/probe-burst-$who-$r.txt" 2>&1 || true
        node_turn
      done
    done
    # probe_field KIND WHO NAME: NAME's value (us) from each run's summary line, one per line.
    probe_field() { awk -v k="$3" '/^rate/ {for (i = 1; i < NF; i++) if ($i == k) print $(i+1)}' "$OUT/probe-$1-$2-"*.txt; }
    med() { sort -g | awk '{a[NR]=$1} END {if (NR) printf "%.1f", a[int((NR+1)/2)]; else printf "n/a"}'; }
    PROBE_P99_node=$(probe_field spread node p99 | med)
    for kind in spread burst; do
      for who in floor node; do
        printf '%-8s %-6s %-6s p50 %s us  p99 %s us  (p99 of runs: %s; probe sent late, p99 %s us)\n' probe "$kind" "$who" \
          "$(probe_field "$kind" "$who" p50 | med)" "$(probe_field "$kind" "$who" p99 | med)" \
          "$(probe_field "$kind" "$who" p99 | paste -sd/ -)" "$(probe_field "$kind" "$who" sent_late_p99 | med)"
        [ "$kind" = burst ] && [ -n "$KD_PID" ] && grep -h "slow 10 ms windows" "$OUT/probe-burst-$who-"*.txt | sed 's/^/    /'
      done
    done
  fi
fi
echo
echo "== targets (medians of this invocation)"
judge_targets "${RATIO_echo:-}" "${RATIO_peers:-}" "${PROBE_P99_node:-}"
echo
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg); kdamond CPU during the bench: $(( $(kthread_ms) - KD0 )) ms in $(( $(date +%s) - T0 )) s"
echo "== raw results in $OUT"
