#!/usr/bin/env bash
# How much of the node's latency and CPU is the transport's: three servers under the same C probe
# (loadtest/floor/openloop.c), in alternating rounds:
#   floor      the C echo (loadtest/floor/udp_echo.c): recvmmsg/sendmmsg, nothing else;
#   transport  the node's own UDP transport with an echo in place of its pipeline
#              (io.cjp2p.node.udp.TransportEcho): Netty epoll, the receive batch, one flush
#              per read burst, the node's JVM options, no JSON;
#   node       the node (--limits off, metrics on, not scraped).
# Each server is started fresh, warmed for 5 s, then measured for SECONDS; its CPU is read from
# /proc/PID/stat around the measured run, wake-ups included: no server busy-polls. Prints every run
# and the medians. Loopback only.
#
#   loadtest/transport-share.sh [RATE] [ROUNDS] [SECONDS]   (default 86798/s, 3 rounds, 10 s)
#
# The probe spreads its requests evenly (openloop -s), as bench.sh's p99 target is judged, and
# spins a CPU to do it, so each server runs on the last CPU (taskset) and the probe on the others.
# PROBE=burst sends each millisecond's requests in one burst from two threads instead, unpinned, as
# this script did before 2026-11-27 (the fifth look's figures).
# NODE_JAR=... selects another build (its TransportEcho too). Needs gcc and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${1:-86798} ROUNDS=${2:-3} SECONDS_=${3:-10}
SERVER_PIN=() PROBE_PIN=()
case "${PROBE:-spread}" in
  spread)
    MODE=(-s) TICK_US=0
    . loadtest/pin-split.sh
    pin_split 1
    SERVER_PIN=(taskset -c "$SERVER_CPUS") PROBE_PIN=(taskset -c "$LOAD_CPUS") ;;
  burst) MODE=() TICK_US=1000 ;;
  *) echo "PROBE must be spread or burst" >&2; exit 2 ;;
esac
NODE_JAR=${NODE_JAR:-node-server/target/node-server.jar}
[ -f "$NODE_JAR" ] || { echo "no $NODE_JAR: run mvn -q -DskipTests package first" >&2; exit 2; }
. loadtest/state-dir.sh
OUT=$(mktemp -d /tmp/cjp2p-share.XXXXXX)
gcc -O2 -Wall -o "$OUT/openloop" loadtest/floor/openloop.c -lpthread
gcc -O2 -Wall -o "$OUT/udp_echo" loadtest/floor/udp_echo.c -lpthread
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null || true' EXIT
TICK_MS=$((1000 / $(getconf CLK_TCK)))
cpu_ms() { awk -v t="$TICK_MS" '{print ($14 + $15) * t}' "/proc/$1/stat"; } # user + system clock ticks
measure() { # name port round: warm up, measure one run, stop the server
  local name=$1 port=$2 r=$3
  "${PROBE_PIN[@]}" "$OUT/openloop" "${MODE[@]}" "$port" "$RATE" 5 1 "$TICK_US" > /dev/null # warm-up (the JIT, for the JVMs)
  local c0 c1
  c0=$(cpu_ms "$SERVER")
  "${PROBE_PIN[@]}" "$OUT/openloop" "${MODE[@]}" "$port" "$RATE" "$SECONDS_" 1 "$TICK_US" > "$OUT/$name-$r.txt"
  c1=$(cpu_ms "$SERVER")
  echo "$((c1 - c0))" > "$OUT/$name-$r.cpu"
  printf '%-9s round %d: CPU %5d ms in %d s; %s\n' "$name" "$r" "$((c1 - c0))" "$((SECONDS_ + 1))" \
    "$(tail -1 "$OUT/$name-$r.txt" | sed 's/.*replies, //')"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
}
for r in $(seq 1 "$ROUNDS"); do
  PORT=$((30000 + RANDOM % 10000))
  "${SERVER_PIN[@]}" "$OUT/udp_echo" "$PORT" 127.0.0.1 > /dev/null 2>&1 & SERVER=$!
  sleep 0.5; measure floor "$PORT" "$r"
  PORT=$((PORT + 3))
  "${SERVER_PIN[@]}" java @node-server/jvm.options -cp "$NODE_JAR" io.cjp2p.node.udp.TransportEcho "$PORT" > "$OUT/transport.log" 2>&1 &
  SERVER=$!
  sleep 2; measure transport "$PORT" "$r"
  PORT=$((PORT + 3))
  state_args=$(state_dir_args "$NODE_JAR") # before the start: the expansion is slow
  "${SERVER_PIN[@]}" java @node-server/jvm.options -jar "$NODE_JAR" $state_args --bootstrap none --bind 127.0.0.1 --port "$PORT" --log-level WARN \
    --limits off --http-port $((PORT + 1)) > "$OUT/node.log" 2>&1 &
  SERVER=$!
  sleep 2; measure node "$PORT" "$r"
done
python3 - "$OUT" "$ROUNDS" <<'PY'
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
print(f"\nmedians of {rounds} rounds:")
for name in ("floor", "transport", "node"):
    p50, p99, cpu = [], [], []
    for r in range(1, rounds + 1):
        last = open(f"{out}/{name}-{r}.txt").read().strip().splitlines()[-1]
        p50.append(float(re.search(r"p50 ([\d.]+)", last).group(1)))
        p99.append(float(re.search(r"p99 ([\d.]+)", last).group(1)))
        cpu.append(int(open(f"{out}/{name}-{r}.cpu").read()))
    print(f"  {name:<9} CPU {statistics.median(cpu):6.0f} ms   p50 {statistics.median(p50):6.1f} us   p99 {statistics.median(p99):7.1f} us")
print(f"raw files in {out}")
PY
