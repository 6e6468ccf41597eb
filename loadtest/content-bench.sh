#!/usr/bin/env bash
# Content transfer benchmark: MB/s of one download between two nodes on loopback, against a floor
# measured in the same run.
#   floor  loadtest/floor/blockfloor.c: a C server answering 4096-byte-block requests with
#          Content-sized replies (base64 in JSON) and a C client keeping --window requests
#          outstanding, retrying after 50 ms; no parsing, no cookies, no hashing.
#   node   node A: java @node-server/jvm.options -jar node-server.jar --bootstrap none --bind 127.0.0.1
#          --limits off --share DIR (limits off: with the defaults a verified downloader gets
#          256 KiB/s); then, per run, `node-server.jar get <id> --from A` into a fresh state
#          directory, timed from start to verified file (JVM start, cookie exchange and the
#          SHA-256 check included), as a user runs it.
# Each run measures the floor, then the node, so background load hits them alike; the figures are
# medians over the runs and the ratio the median of the per-run ratios node/floor. Target: >= 0.5.
# Loopback only.
#
#   loadtest/content-bench.sh [--runs N] [--mib N] [--window N] [--build]
#
# Defaults: 3 runs, 256 MiB, floor window 64.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=3 MIB=256 WINDOW=64 BUILD=0 TARGET=0.5
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --mib) MIB=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --build) BUILD=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) echo "content-bench.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
for n in "$RUNS" "$MIB" "$WINDOW"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "content-bench.sh: --runs, --mib and --window take a positive number" >&2; exit 2; }
done
command -v gcc >/dev/null || { echo "content-bench.sh needs gcc for the floor" >&2; exit 2; }
command -v curl >/dev/null || { echo "content-bench.sh needs curl" >&2; exit 2; }

NODE_JAR=${NODE_JAR:-node-server/target/node-server.jar}
if [ "$BUILD" = 1 ] || [ ! -f "$NODE_JAR" ]; then
  mvn -q -B -DskipTests -pl node-server -am package
fi
mkdir -p loadtest/target
FLOOR=loadtest/target/blockfloor
gcc -O2 -Wall -o "$FLOOR" loadtest/floor/blockfloor.c

OUT=$(mktemp -d /tmp/cjp2p-content-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$OUT"; }
trap cleanup EXIT

BASE=$((30000 + RANDOM % 10000))
SIZE=$((MIB * 1024 * 1024))
echo "== machine: $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$OUT/share"
head -c "$SIZE" /dev/urandom > "$OUT/share/object.bin"
ID=$(sha256sum "$OUT/share/object.bin" | cut -d' ' -f1)
echo "== object: $MIB MiB, id $ID"

# Node A shares the object; wait until its index has it.
A_PORT=$BASE A_HTTP=$((BASE + 1))
java @node-server/jvm.options -jar "$NODE_JAR" --bootstrap none --bind 127.0.0.1 --port "$A_PORT" \
  --http-port "$A_HTTP" --limits off --share "$OUT/share" --state-dir "$OUT/a" --log-level WARN \
  > "$OUT/a.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$A_HTTP/content.json" 2>/dev/null | grep -q "$ID" && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$A_HTTP/content.json" | grep -q "$ID" || { echo "node A did not index the object" >&2; cat "$OUT/a.log" >&2; exit 1; }

FLOORS=() NODES=() RATIOS=()
for run in $(seq 1 "$RUNS"); do
  F_PORT=$((BASE + 10 + run))
  "$FLOOR" serve "$F_PORT" "$OUT/share/object.bin" & FPID=$!
  PIDS+=($FPID)
  sleep 0.2
  floor=$(timeout 300 "$FLOOR" get "$F_PORT" "$SIZE" "$WINDOW" | awk '/^MB\/s/ {print $2}')
  kill "$FPID" 2>/dev/null || true
  t0=$(date +%s.%N)
  java @node-server/jvm.options -jar "$NODE_JAR" get "$ID" --from "127.0.0.1:$A_PORT" --bootstrap none \
    --bind 127.0.0.1 --state-dir "$OUT/b$run" --out "$OUT/out$run.bin" --give-up-s 30 > "$OUT/get$run.log" 2>&1 \
    || { echo "run $run: get failed" >&2; cat "$OUT/get$run.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  cmp -s "$OUT/share/object.bin" "$OUT/out$run.bin" || { echo "run $run: the file differs" >&2; exit 1; }
  node=$(awk -v s="$SIZE" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", s / (b - a) / 1e6}')
  ratio=$(awk -v n="$node" -v f="$floor" 'BEGIN {printf "%.2f", n / f}')
  echo "run $run: floor $floor MB/s, node $node MB/s, ratio $ratio ($(tail -1 "$OUT/get$run.log"))"
  FLOORS+=("$floor") NODES+=("$node") RATIOS+=("$ratio")
  rm -rf "$OUT/b$run" "$OUT/out$run.bin"
done

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
RATIO=$(median "${RATIOS[@]}")
echo "== medians over $RUNS runs: floor $(median "${FLOORS[@]}") MB/s, node $(median "${NODES[@]}") MB/s"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v r="$RATIO" -v t="$TARGET" 'BEGIN {printf "  content download, node/floor MB/s %s, target >= %s: %s\n", r, t, (r + 0 >= t + 0) ? "met" : "not met"}'
