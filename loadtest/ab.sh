#!/usr/bin/env bash
# Two builds of the node, A and B, measured in the same invocation: replies/s of each under the C
# closed-loop generator (loadtest/floor/closedloop.c), echo and verified peers, the builds' runs
# interleaved (A B, then B A, ...) so that the machine's slow stretches hit both alike. Prints each
# run, the medians, the spread (lowest to highest run) and B/A. Each node runs as the README runs
# it (metrics on, its HTTP listener on a port of its own), with --limits off. Loopback only.
#
#   loadtest/ab.sh A.jar B.jar [--runs N] [--duration S] [--warmup S] [--scenarios "echo peers"]
#                  [--scrape-every S] [--pin] [--together] [--bind ADDR] [--args-a "FLAGS"] [--args-b "FLAGS"]
#
# Defaults: 5 runs of 5 s per build and scenario, each after 10 s of warm-up, 46 seed peers for
# peers. The warm-up lets the JIT finish: a fresh node compiles its packet path for several seconds
# (C2 on one of the two cores), and a build with more code to compile would otherwise look slower
# than it runs. --scrape-every S fetches /metrics and /status.json every S seconds while the
# generator runs, as a Prometheus server and a dashboard would (the packet path must not pay for
# it). --pin puts the node's event loop on the last CPU (--cpus) and the generator on the first, so
# that the scheduler cannot put them on one CPU for one node and apart for the next. --together
# starts each build's node once and keeps both running, flooded for the warm-up once per scenario,
# then alternates short runs (1 s of warm-up each) between them: pairs seconds apart, with no
# restart, for changes of a few percent. --bind ADDR binds both nodes there instead of 127.0.0.1
# (the generator still sends to 127.0.0.1, which a wildcard takes too); --args-a and --args-b add
# node flags to one build, so that one jar twice compares two settings. A run whose generator gave
# no report (the node did not start, say) is printed and left out.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -ge 2 ]] || { echo "usage: loadtest/ab.sh A.jar B.jar [--runs N] [--duration S] [--scenarios LIST]" >&2; exit 2; }
JAR_A=$1 JAR_B=$2; shift 2
RUNS=5 DURATION=5 WARMUP=10 SCENARIOS="echo peers" SCRAPE_EVERY=0 NODE_PIN=() GEN_PIN=() TOGETHER=0
BIND=127.0.0.1 ARGS_A="" ARGS_B=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --scrape-every) SCRAPE_EVERY=$2; shift 2 ;;
    --together) TOGETHER=1; shift ;;
    --bind) BIND=$2; shift 2 ;;
    --args-a) ARGS_A=$2; shift 2 ;;
    --args-b) ARGS_B=$2; shift 2 ;;
    --pin) (($(nproc) >= 2)) || { echo "ab.sh: --pin needs two CPUs" >&2; exit 2; }
      LAST_CPU=$(($(nproc) - 1)); NODE_PIN=(--cpus "$LAST_CPU"); GEN_PIN=(taskset -c 0); shift ;;
    *) echo "ab.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
for j in "$JAR_A" "$JAR_B"; do [[ -f $j ]] || { echo "ab.sh: no such jar: $j" >&2; exit 2; }; done
for n in "$RUNS" "$DURATION" "$WARMUP" "$SCRAPE_EVERY"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "ab.sh: --runs, --duration, --warmup and --scrape-every take a whole number" >&2; exit 2; }
done
[[ $TOGETHER == 0 || $SCRAPE_EVERY == 0 ]] || { echo "ab.sh: --together does not scrape (one scraper per node)" >&2; exit 2; }
command -v gcc >/dev/null || { echo "ab.sh needs gcc for the load generator" >&2; exit 2; }
[[ $SCRAPE_EVERY == 0 ]] || command -v curl >/dev/null || { echo "ab.sh needs curl for --scrape-every" >&2; exit 2; }

WORK=$(mktemp -d /tmp/cjp2p-ab.XXXXXX)
GEN=$WORK/closedloop
gcc -O2 -Wall -o "$GEN" loadtest/floor/closedloop.c
PORT=$((30000 + RANDOM % 20000)) HTTP_PORT=$((PORT + 1))
NODE_PID= SCRAPER_PID= STARTED=
declare -A PORT_OF=([A]=$PORT [B]=$((PORT + 2))) PID_OF=()
stop_scraper() { [[ -n $SCRAPER_PID ]] && kill "$SCRAPER_PID" 2>/dev/null && wait "$SCRAPER_PID" 2>/dev/null; SCRAPER_PID=; }
stop_node() { [[ -n $NODE_PID ]] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null; NODE_PID=; }
stop_both() { for p in "${PID_OF[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap 'stop_scraper; stop_node; stop_both' EXIT

# Every $SCRAPE_EVERY s: /metrics and /status.json, one after the other; counts the good fetches.
scrape() {
  while :; do
    for page in metrics status.json; do
      curl -s -f -m 2 -o /dev/null "http://127.0.0.1:$HTTP_PORT/$page" && echo ok >>"$WORK/scrapes"
    done
    sleep "$SCRAPE_EVERY"
  done
}

# start_node BUILD PORT HTTP_PORT LOG: a node of BUILD (A or B), once its start line is in LOG; its pid in STARTED.
start_node() {
  local state jar=$JAR_A args=$ARGS_A
  [[ $1 == B ]] && jar=$JAR_B args=$ARGS_B
  state=$(state_dir_args "$jar")
  : >"$4" # before the node starts: the wait below must not find the last run's line
  # $args unquoted: the flags as given, split at spaces
  java @node-server/jvm.options -jar "$jar" $state --bootstrap none --bind "$BIND" --port "$2" \
      --limits off --http-port "$3" "${NODE_PIN[@]}" $args >"$4" 2>&1 &
  STARTED=$!
  for ((i = 0; i < 300; i++)); do
    grep -q "listening on udp" "$4" && break
    sleep 0.1
  done
}

# measure SCENARIO PORT PID WARMUP DURATION: the generator's JSON line against the node on PORT.
measure() {
  local seed=()
  [[ $1 == peers ]] && seed=(--seed-peers 46)
  "${GEN_PIN[@]}" "$GEN" --scenario "$1" "${seed[@]}" --duration "$5" --warmup "$4" --server-pid "$3" --json "$2" | tail -1
}

# One run of build $1 (A or B), scenario $2: a fresh node, or with --together the build's running one.
run() {
  if [[ $TOGETHER == 1 ]]; then
    measure "$2" "${PORT_OF[$1]}" "${PID_OF[$1]}" 1 "$DURATION"
    return
  fi
  start_node "$1" "$PORT" "$HTTP_PORT" "$WORK/node.log"
  NODE_PID=$STARTED
  if [[ $SCRAPE_EVERY != 0 ]]; then
    scrape &
    SCRAPER_PID=$!
  fi
  measure "$2" "$PORT" "$NODE_PID" "$WARMUP" "$DURATION"
  stop_scraper
  stop_node
}

. loadtest/state-dir.sh

field() { sed -E "s/.*\"$1\":([0-9.]+).*/\1/"; }
spread() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f-%.0f", lo, hi }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "== A: $JAR_A $ARGS_A"
echo "== B: $JAR_B $ARGS_B"
echo "== nodes bound to $BIND"
echo "== $RUNS runs of ${DURATION}s after ${WARMUP}s of warm-up per build and scenario, interleaved;" \
    "scrapes: $([[ $SCRAPE_EVERY == 0 ]] && echo none || echo "/metrics and /status.json every ${SCRAPE_EVERY}s");" \
    "$([[ ${#NODE_PIN[@]} == 0 ]] && echo "not pinned" || echo "node loop on CPU $LAST_CPU, generator on CPU 0")"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $TOGETHER == 1 ]]; then
  echo "== together: both nodes running throughout; each run 1 s of warm-up"
  for build in A B; do
    start_node "$build" "${PORT_OF[$build]}" "$((PORT_OF[$build] + 1))" "$WORK/node-$build.log"
    PID_OF[$build]=$STARTED
  done
fi
: >"$WORK/scrapes"
for scenario in $SCENARIOS; do
  : >"$WORK/$scenario.A"; : >"$WORK/$scenario.B"; : >"$WORK/$scenario.pairs"; : >"$WORK/$scenario.cpu-pairs"
  if [[ $TOGETHER == 1 ]]; then
    for build in A B; do measure "$scenario" "${PORT_OF[$build]}" "${PID_OF[$build]}" 0 "$WARMUP" >/dev/null; done
  fi
  for ((r = 1; r <= RUNS; r++)); do
    order="A B"; ((r % 2 == 0)) && order="B A"
    declare -A pair=() cpu_pair=()
    for build in $order; do
      line=$(run "$build" "$scenario")
      if [[ $line != *replies_per_s* ]]; then
        log=$WORK/node.log; [[ $TOGETHER == 1 ]] && log=$WORK/node-$build.log
        printf '%-6s run %d  %s  failed (no report from the generator; node log: %s)\n' "$scenario" "$r" "$build" \
            "$(tail -1 "$log")"
        continue
      fi
      rps=$(field replies_per_s <<<"$line"); cpu=$(field server_cpu_us_per_reply <<<"$line")
      gen=$(field gen_cpu_share <<<"$line")
      echo "$rps $cpu" >>"$WORK/$scenario.$build"
      pair[$build]=$rps cpu_pair[$build]=$cpu
      printf '%-6s run %d  %s  %10.0f replies/s  %5.2f us CPU/reply  generator %3.0f%% of a CPU\n' \
          "$scenario" "$r" "$build" "$rps" "$cpu" "$(awk "BEGIN { print $gen * 100 }")"
    done
    if [[ -n ${pair[A]:-} && -n ${pair[B]:-} ]]; then
      awk "BEGIN { printf \"%.3f\\n\", ${pair[B]} / ${pair[A]} }" >>"$WORK/$scenario.pairs"
      awk "BEGIN { printf \"%.3f\\n\", ${cpu_pair[B]} / ${cpu_pair[A]} }" >>"$WORK/$scenario.cpu-pairs"
    fi
  done
  a=$(cut -d' ' -f1 "$WORK/$scenario.A" | median); b=$(cut -d' ' -f1 "$WORK/$scenario.B" | median)
  ca=$(cut -d' ' -f2 "$WORK/$scenario.A" | median); cb=$(cut -d' ' -f2 "$WORK/$scenario.B" | median)
  printf '%-6s medians: A %.0f replies/s (%.2f us/reply), B %.0f replies/s (%.2f us/reply); B/A %.3f\n' \
      "$scenario" "$a" "$ca" "$b" "$cb" "$(awk "BEGIN { print $b / $a }")"
  # Run r's A and B ran back to back, so B/A of each pair cancels the machine's slower stretches,
  # which on a shared host last several runs and can move a median of separate runs by a third.
  paired=$(cat "$WORK/$scenario.pairs")
  printf '%-6s pairs:   B/A per run %s; median %.3f\n' "$scenario" "$(sort -g <<<"$paired" | paste -sd' ')" \
      "$(median <<<"$paired")"
  cpu_paired=$(cat "$WORK/$scenario.cpu-pairs")
  printf '%-6s CPU:     B/A of CPU per reply per run %s; median %.3f\n' "$scenario" \
      "$(sort -g <<<"$cpu_paired" | paste -sd' ')" "$(median <<<"$cpu_paired")"
  printf '%-6s spread:  A %s replies/s, B %s replies/s; load now %s\n' "$scenario" \
      "$(cut -d' ' -f1 "$WORK/$scenario.A" | spread)" "$(cut -d' ' -f1 "$WORK/$scenario.B" | spread)" \
      "$(cut -d' ' -f1-3 /proc/loadavg)"
done
[[ $SCRAPE_EVERY == 0 ]] || echo "== scrapes answered: $(wc -l <"$WORK/scrapes")"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg); raw results in $WORK"
