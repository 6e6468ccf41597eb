#!/usr/bin/env bash
# Two builds of the node, A and B, measured in the same invocation: replies/s of each under the C
# closed-loop generator (loadtest/floor/closedloop.c), echo and verified peers, the builds' runs
# interleaved (A B, then B A, ...) so that the machine's slow stretches hit both alike. Prints each
# run, the medians and B/A. Each node runs as the README runs it, with --limits off. Loopback only.
#
#   loadtest/ab.sh A.jar B.jar [--runs N] [--duration S] [--scenarios "echo peers"]
#
# Defaults: 5 runs of 5 s (after 2 s of warm-up) per build and scenario, 46 seed peers for peers.
# A run whose generator gave no report (the node did not start, say) is printed and left out.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -ge 2 ]] || { echo "usage: loadtest/ab.sh A.jar B.jar [--runs N] [--duration S] [--scenarios LIST]" >&2; exit 2; }
JAR_A=$1 JAR_B=$2; shift 2
RUNS=5 DURATION=5 SCENARIOS="echo peers"
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    *) echo "ab.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
for j in "$JAR_A" "$JAR_B"; do [[ -f $j ]] || { echo "ab.sh: no such jar: $j" >&2; exit 2; }; done
command -v gcc >/dev/null || { echo "ab.sh needs gcc for the load generator" >&2; exit 2; }

WORK=$(mktemp -d /tmp/cjp2p-ab.XXXXXX)
GEN=$WORK/closedloop
gcc -O2 -Wall -o "$GEN" loadtest/floor/closedloop.c
PORT=$((30000 + RANDOM % 20000))
NODE_PID=
stop_node() { [[ -n $NODE_PID ]] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null; NODE_PID=; }
trap stop_node EXIT

# One run: a fresh node from jar $1, the generator's JSON line for scenario $2.
run() {
  local jar=$1 scenario=$2 seed=()
  [[ $scenario == peers ]] && seed=(--seed-peers 46)
  local state
  state=$(state_dir_args "$jar")
  : >"$WORK/node.log" # before the node starts: the wait below must not find the last run's line
  java @node-server/jvm.options -jar "$jar" $state --bootstrap none --bind 127.0.0.1 --port "$PORT" \
      --limits off --http-port 0 >"$WORK/node.log" 2>&1 &
  NODE_PID=$!
  for ((i = 0; i < 300; i++)); do
    grep -q "listening on udp" "$WORK/node.log" && break
    sleep 0.1
  done
  "$GEN" --scenario "$scenario" "${seed[@]}" --duration "$DURATION" --warmup 2 --server-pid "$NODE_PID" \
      --json "$PORT" | tail -1
  stop_node
}

. loadtest/state-dir.sh

field() { sed -E "s/.*\"$1\":([0-9.]+).*/\1/"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "== A: $JAR_A"
echo "== B: $JAR_B"
echo "== $RUNS runs of ${DURATION}s per build and scenario, interleaved; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for scenario in $SCENARIOS; do
  : >"$WORK/$scenario.A"; : >"$WORK/$scenario.B"
  for ((r = 1; r <= RUNS; r++)); do
    order="A B"; ((r % 2 == 0)) && order="B A"
    for build in $order; do
      jar=$JAR_A; [[ $build == B ]] && jar=$JAR_B
      line=$(run "$jar" "$scenario")
      if [[ $line != *replies_per_s* ]]; then
        printf '%-6s run %d  %s  failed (no report from the generator; node log: %s)\n' "$scenario" "$r" "$build" \
            "$(tail -1 "$WORK/node.log")"
        continue
      fi
      rps=$(field replies_per_s <<<"$line"); cpu=$(field server_cpu_us_per_reply <<<"$line")
      gen=$(field gen_cpu_share <<<"$line")
      echo "$rps $cpu" >>"$WORK/$scenario.$build"
      printf '%-6s run %d  %s  %10.0f replies/s  %5.2f us CPU/reply  generator %3.0f%% of a CPU\n' \
          "$scenario" "$r" "$build" "$rps" "$cpu" "$(awk "BEGIN { print $gen * 100 }")"
    done
  done
  a=$(cut -d' ' -f1 "$WORK/$scenario.A" | median); b=$(cut -d' ' -f1 "$WORK/$scenario.B" | median)
  ca=$(cut -d' ' -f2 "$WORK/$scenario.A" | median); cb=$(cut -d' ' -f2 "$WORK/$scenario.B" | median)
  printf '%-6s medians: A %.0f replies/s (%.2f us/reply), B %.0f replies/s (%.2f us/reply); B/A %.3f\n' \
      "$scenario" "$a" "$ca" "$b" "$cb" "$(awk "BEGIN { print $b / $a }")"
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg); raw results in $WORK"
