#!/usr/bin/env bash
# Content transfer benchmark: MB/s of one download between two nodes on loopback, against a floor
# measured in the same run.
#   floor  loadtest/floor/blockfloor.c: a C server answering 4096-byte-block requests with
#          Content-sized replies (base64 in JSON) and a C client keeping --window requests
#          outstanding, retrying after 50 ms; no parsing, no cookies, no hashing.
#   node   node A: java @node-server/jvm.options -jar node-server.jar --bootstrap none --bind 127.0.0.1
#          --limits off --share DIR (limits off: with the defaults a verified downloader gets
#          256 KiB/s), and node B, started the same way with A as its only peer. Per run, B is
#          asked for the object (`POST /get/<id>` on its HTTP listener), timed until the verified
#          object is in B's content/ directory (finding A as a source, the transfer and the SHA-256
#          check included); B's copy is then deleted. B first makes two untimed downloads, as
#          bench.sh gives a node untimed floods, so that the JIT of both nodes has compiled the
#          download path.
#   get    per run, `node-server.jar get <id> --from A` into a fresh state directory, timed from
#          start to verified file: the same transfer plus a cold JVM (start-up, class loading, JIT),
#          as a user runs the command.
# The floor is measured before the first run and after each, so that every run of node B and get
# falls between two floor runs and is set against their mean (background load moves the floor
# most); the figures are medians over the runs and each ratio the median of the per-run ratios.
# Node A's heap allocated per Content reply it served over the timed runs is printed too (from its
# /metrics), as bench.sh prints the node's heap per datagram.
# Target: node >= 0.5 of the floor (get is reported beside it). Loopback only.
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

# Node B downloads through its HTTP listener; it learns A as a source by asking its peers.
B_PORT=$((BASE + 2)) B_HTTP=$((BASE + 3))
java @node-server/jvm.options -jar "$NODE_JAR" --bootstrap "127.0.0.1:$A_PORT" --bind 127.0.0.1 --port "$B_PORT" \
  --http-port "$B_HTTP" --limits off --state-dir "$OUT/bnode" --log-level WARN > "$OUT/b.log" 2>&1 &
PIDS+=($!)
# A FIFO held open for reading and writing: `read -t` on it waits without a process per poll.
mkfifo "$OUT/tick"
exec {TICK}<>"$OUT/tick"
# Prints the seconds since $1 (a `date +%s.%N`).
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN {printf "%.3f", b - a}'; }
# Prints the seconds B took to download the object (from the POST to the verified file in content/).
node_b_download() {
  local held="$OUT/bnode/content/$ID" t0 secs
  rm -f "$held"
  t0=$(date +%s.%N)
  curl -sf -X POST "http://127.0.0.1:$B_HTTP/get/$ID" > /dev/null || { echo "node B refused the download" >&2; cat "$OUT/b.log" >&2; return 1; }
  for _ in $(seq 1 12000); do [ -f "$held" ] && break; read -r -t 0.005 -u "$TICK" || true; done
  secs=$(elapsed "$t0")
  cmp -s "$OUT/share/object.bin" "$held" || { echo "node B's copy differs or is missing" >&2; cat "$OUT/b.log" >&2; return 1; }
  echo "$secs"
}
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$B_HTTP/healthz" > /dev/null 2>&1 && break; sleep 0.1; done
# Two: after one, both nodes' JIT was still compiling, and the first timed run was the slowest.
warm1=$(node_b_download); warm2=$(node_b_download)
echo "== node B warm-up downloads: $warm1 s, $warm2 s (untimed)"

# Node A's heap allocated (bytes) and Content replies served over UDP, from its /metrics.
. loadtest/node-metrics.sh
a_counters() { metric_sums "$A_HTTP" jvm_gc_memory_allocated_bytes_total cjp2p_content_served_blocks_total; }
A_BEFORE=$(a_counters)

mbps() { awk -v s="$SIZE" -v t="$1" 'BEGIN {printf "%.1f", s / t / 1e6}'; }
# Prints the floor's MB/s: a fresh C server on its own port, the C client with the same window.
floor_run() {
  local port=$((BASE + 10 + $1)) pid mb
  "$FLOOR" serve "$port" "$OUT/share/object.bin" & pid=$!
  PIDS+=($pid)
  sleep 0.2
  mb=$(timeout 300 "$FLOOR" get "$port" "$SIZE" "$WINDOW" | awk '/^MB\/s/ {print $2}')
  kill "$pid" 2>/dev/null || true
  [ -n "$mb" ] || { echo "the floor gave no figure" >&2; return 1; }
  echo "$mb"
}
# Node B and get each fall between two floor runs, and are set against their mean.
NODES=() GETS=() FLOORS=()
floor=$(floor_run 0); FLOORS+=("$floor")
for run in $(seq 1 "$RUNS"); do
  secs=$(node_b_download)
  NODES+=("$(mbps "$secs")")
  t0=$(date +%s.%N)
  java @node-server/jvm.options -jar "$NODE_JAR" get "$ID" --from "127.0.0.1:$A_PORT" --bootstrap none \
    --bind 127.0.0.1 --state-dir "$OUT/b$run" --out "$OUT/out$run.bin" --give-up-s 30 > "$OUT/get$run.log" 2>&1 \
    || { echo "run $run: get failed" >&2; cat "$OUT/get$run.log" >&2; exit 1; }
  secs=$(elapsed "$t0")
  cmp -s "$OUT/share/object.bin" "$OUT/out$run.bin" || { echo "run $run: the file differs" >&2; exit 1; }
  GETS+=("$(mbps "$secs")")
  rm -rf "$OUT/b$run" "$OUT/out$run.bin"
  floor=$(floor_run "$run"); FLOORS+=("$floor")
done

A_AFTER=$(a_counters)
RATIOS=() GET_RATIOS=()
for i in $(seq 0 $((RUNS - 1))); do
  ref=$(awk -v a="${FLOORS[$i]}" -v b="${FLOORS[$((i + 1))]}" 'BEGIN {printf "%.1f", (a + b) / 2}')
  RATIOS+=("$(awk -v n="${NODES[$i]}" -v f="$ref" 'BEGIN {printf "%.2f", n / f}')")
  GET_RATIOS+=("$(awk -v n="${GETS[$i]}" -v f="$ref" 'BEGIN {printf "%.2f", n / f}')")
  echo "run $((i + 1)): floor $ref MB/s (${FLOORS[$i]} before, ${FLOORS[$((i + 1))]} after), node ${NODES[$i]} MB/s (ratio ${RATIOS[$i]}), get ${GETS[$i]} MB/s (ratio ${GET_RATIOS[$i]})"
done

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
RATIO=$(median "${RATIOS[@]}")
echo "== medians over $RUNS runs: floor $(median "${FLOORS[@]}") MB/s, node $(median "${NODES[@]}") MB/s, get $(median "${GETS[@]}") MB/s"
echo "  get, node/floor MB/s $(median "${GET_RATIOS[@]}") (a cold JVM each time; not judged)"
read -r a0 b0 <<<"$A_BEFORE"; read -r a1 b1 <<<"$A_AFTER"
awk -v a=$((a1 - a0)) -v b=$((b1 - b0)) 'BEGIN {printf "  node A heap: %.0f B allocated per Content reply served (%d replies)\n", (b > 0 ? a / b : 0), b}'
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v r="$RATIO" -v t="$TARGET" 'BEGIN {printf "  content download, node/floor MB/s %s, target >= %s: %s\n", r, t, (r + 0 >= t + 0) ? "met" : "not met"}'
