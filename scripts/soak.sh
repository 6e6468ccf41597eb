#!/usr/bin/env bash
# Soak benchmark (not a CI test): a node process under 10 minutes of mixed flood on loopback, with
# heap after GC and RSS sampled every 10 s. Usage: scripts/soak.sh [seconds] [flood-rate-per-s]
# Writes target/soak/samples.tsv and target/soak/honest.txt; prints a summary. Loopback only:
# the node runs with --bootstrap none on 127.0.0.1, the flooder sends to it alone.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TOTAL=${1:-600}
RATE=${2:-5000}
OUT=target/soak
mkdir -p "$OUT"

# Packages the node (the test classes and src/bench/java, with SoakFlood, are compiled too) and
# writes the test classpath.
mvn -q -pl node-server -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/$OUT/cp.txt"
CP="node-server/target/test-classes:$(cat "$OUT/cp.txt")"

PORT=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx256m -jar node-server/target/node-server.jar --state-dir "$(mktemp -d /tmp/cjp2p-state.XXXXXX)" --bootstrap none --bind 127.0.0.1 --port "$PORT" \
    > "$OUT/node.log" 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null || true; kill $FLOOD 2>/dev/null || true' EXIT
sleep 2

java -cp "$CP" io.cjp2p.node.limit.SoakFlood 127.0.0.1 "$PORT" "$SECONDS_TOTAL" "$RATE" > "$OUT/honest.txt" 2>&1 &
FLOOD=$!

printf 's\theap_after_gc_kib\trss_kib\n' > "$OUT/samples.tsv"
start=$(date +%s)
while kill -0 $FLOOD 2>/dev/null; do
    sleep 10
    jcmd $NODE GC.run > /dev/null
    heap=$(jcmd $NODE GC.heap_info | awk '/garbage-first heap|def new generation|PSYoungGen|total/ {for(i=1;i<=NF;i++) if($i=="used") {print $(i+1); exit}}' | tr -d 'K')
    rss=$(awk '/VmRSS/ {print $2}' /proc/$NODE/status)
    printf '%s\t%s\t%s\n' "$(( $(date +%s) - start ))" "$heap" "$rss" | tee -a "$OUT/samples.tsv"
done
wait $FLOOD || true
echo "== honest client"; tail -3 "$OUT/honest.txt"
echo "== node log lines at WARN or ERROR: $(grep -cE ' (WARN|ERROR) ' "$OUT/node.log" || true)"
kill $NODE; wait $NODE 2>/dev/null || true
