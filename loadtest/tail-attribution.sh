#!/usr/bin/env bash
# Where the node's latency tail comes from: runs the node alone under the C open-loop probe
# (loadtest/floor/openloop.c) and lines up every slow 10 ms window of the probe (more than 20
# requests over 1 ms) with what was happening then:
#   - a run of the kernel's kdamond thread (DAMON sampling; the probe matches these itself),
#   - a JVM safepoint longer than 0.3 ms in the node (young GCs, mostly), from -Xlog:safepoint
#     with nanosecond stamps, which like the probe's are CLOCK_MONOTONIC,
#   - neither.
# Prints the p99 and how many requests over 1 ms fall in each class; a p99 under 1 ms allows 1 %
# of the requests over it. Loopback only.
#
#   loadtest/tail-attribution.sh [RATE] [SECONDS] [JVM options...]   (default 86798/s, 10 s, node-server/jvm.options)
#
# NODE_JAR=... selects another build. PIN=1 gives the node's event loop the last CPU (its --cpus
# flag) and the probe the others, as bench.sh's tuned mode does. TRACE=1 also records the scheduler
# during the measured run (perf sched record -k mono, so its clock is the probe's) and prints how
# the CPUs were spent in the slow 10 ms windows against the quiet ones: the node's busiest event
# loop, the probe, anything else, idle. Needs gcc and python3 (and perf for TRACE=1).
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-86798} SECONDS_=${2:-10}
shift $(( $# < 2 ? $# : 2 ))
OPTS=("$@"); [ ${#OPTS[@]} -gt 0 ] || OPTS=(@node-server/jvm.options)
NODE_JAR=${NODE_JAR:-node-server/target/node-server.jar}
. loadtest/state-dir.sh
if [ "${TRACE:-0}" = 1 ] && ! command -v perf > /dev/null; then
  echo "TRACE=1 needs perf (apt-get install -y linux-perf)" >&2
  exit 2
fi
NODE_CPUS=() PROBE_PIN=()
if [ "${PIN:-0}" = 1 ]; then
  . loadtest/pin-split.sh
  pin_split 1
  NODE_CPUS=(--cpus "$SERVER_CPUS") PROBE_PIN=(taskset -c "$LOAD_CPUS")
fi
OUT=$(mktemp -d /tmp/cjp2p-tail.XXXXXX)
gcc -O2 -Wall -o "$OUT/openloop" loadtest/floor/openloop.c -lpthread
PORT=$((30000 + RANDOM % 10000))
state_args=$(state_dir_args "$NODE_JAR") # before the start: the expansion is slow
java "${OPTS[@]}" -Xlog:safepoint:file="$OUT/safepoints.log":tn -jar "$NODE_JAR" $state_args --bootstrap none \
  --bind 127.0.0.1 --port "$PORT" --log-level WARN --limits off --http-port $((PORT + 1)) "${NODE_CPUS[@]}" > "$OUT/node.log" 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null || true' EXIT
sleep 2
"${PROBE_PIN[@]}" "$OUT/openloop" "$PORT" "$RATE" 5 1 1000 > /dev/null # the JIT's warm-up
KDAMOND=$(pgrep -x 'kdamond.0' || true)
TRACER=
if [ "${TRACE:-0}" = 1 ]; then
  perf sched record -k mono -o "$OUT/sched.data" -- sleep $((SECONDS_ + 2)) > /dev/null 2>&1 &
  TRACER=$!
  sleep 0.5
fi
"${PROBE_PIN[@]}" "$OUT/openloop" "$PORT" "$RATE" "$SECONDS_" 1 1000 $KDAMOND > "$OUT/probe.txt"
if [ -n "$TRACER" ]; then
  wait $TRACER || true
  perf sched timehist -i "$OUT/sched.data" -w > "$OUT/timehist.txt" 2>/dev/null
fi
kill $NODE; wait $NODE 2>/dev/null || true
python3 - "$OUT/safepoints.log" "$OUT/probe.txt" "$NODE" "$OUT/timehist.txt" <<'PY'
import re, sys
pauses = []  # (start, end) in seconds, CLOCK_MONOTONIC
for line in open(sys.argv[1]):
    m = re.match(r'\[(\d+)ns\] Safepoint ".*Total: (\d+) ns', line)
    if m and int(m.group(2)) > 300_000:
        end = int(m.group(1)) / 1e9
        pauses.append((end - int(m.group(2)) / 1e9, end))
kdamond, windows = [], []
probe = open(sys.argv[2]).read().splitlines()
for line in probe:
    m = re.match(r'\s+([\d.]+) s\s+pid \d+ ran ([\d.]+) ms', line)
    if m:
        kdamond.append((float(m.group(1)), float(m.group(2)) / 1e3))
        continue
    m = re.match(r'\s+([\d.]+) s\s+(\d+) requests over 1 ms, worst ([\d.]+) ms', line)
    if m:
        windows.append((float(m.group(1)), int(m.group(2)), float(m.group(3)) / 1e3))
classes = {'kdamond': [0, 0], 'safepoint': [0, 0], 'neither': [0, 0]}
for start, slow, worst in windows:
    # a request sent in [start, start + 10 ms) can have been held up by anything that ran from a
    # little before the window until its worst request was answered
    lo, hi = start - 0.003, start + 0.010 + worst
    if any(s < hi and s + d > lo - 0.002 for s, d in kdamond):
        c = 'kdamond'
    elif any(s < hi and e > lo for s, e in pauses):
        c = 'safepoint'
    else:
        c = 'neither'
    classes[c][0] += 1
    classes[c][1] += slow
print(probe[-1])
print(f"{len(pauses)} safepoints over 0.3 ms, {len(kdamond)} kdamond runs seen")
for c, (n, slow) in classes.items():
    print(f"  slow windows near {c:9}: {n:4d}, {slow:6d} requests over 1 ms")

# TRACE=1: CPU time per 10 ms window of send times, split by who had the CPUs, in the windows with
# over 200 slow requests against those with none (perf sched timehist: one line per switch-out,
# whose last column is how long the task had run).
import collections, os
if os.path.exists(sys.argv[4]):
    node = sys.argv[3]
    runs = []
    for line in open(sys.argv[4]):
        m = re.match(r'\s*([\d.]+) \[\d+\]\s+(\S.*?)\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s*$', line)
        if m:
            runs.append((float(m.group(1)), m.group(2), float(m.group(3)) / 1e3))
    loops = collections.Counter()
    for end, task, ran in runs:
        if task.startswith('multiThreadIoEv[') and task.endswith('/' + node + ']'):
            loops[task] += ran
    loop = loops.most_common(1)[0][0] if loops else None
    def who(task):
        return ('event loop' if task == loop else 'probe' if task.startswith('openloop[')
                else 'idle' if task == '<idle>' else 'other')
    per = collections.defaultdict(collections.Counter)  # window index -> who -> seconds
    for end, task, ran in runs:
        start = end - ran
        while start < end:
            w = int(start * 100)
            part = min(end, (w + 1) / 100) - start
            per[w][who(task)] += part
            start += part
    slow_at = {int(round(start * 100)): slow for start, slow, worst in windows}
    first, last = min(slow_at, default=0), max(slow_at, default=0)
    measured = [w for w in per if first - 100 <= w <= last + 100]
    bad = [w for w in measured if slow_at.get(w, 0) > 200]
    quiet = [w for w in measured if slow_at.get(w, 0) == 0]
    print(f"scheduler trace: {len(bad)} windows with over 200 slow requests, {len(quiet)} with none; "
          "ms per 10 ms window (2 CPUs)")
    for k in ('event loop', 'probe', 'other', 'idle'):
        avg = lambda ws: sum(per[w][k] for w in ws) / max(1, len(ws)) * 1e3
        print(f"  {k:10}: quiet {avg(quiet):5.2f}   slow {avg(bad):5.2f}")
PY
echo "raw files in $OUT"
