#!/usr/bin/env bash
# What field names nobody sent before cost the node: sends 10 s of each kind of datagram at 20 000/s
# to a fresh node (loopback only) and prints the heap allocated per datagram and the young
# collections, from the node's own metrics (jvm_gc_memory_allocated_bytes_total, jvm_gc_pause_seconds_count):
#   known    [{"PleaseReturnThisMessage":{"k":1,"j":2}}], the same names every time
#   echo     PleaseReturnThisMessage with two names never sent before in each datagram
#   returned AlwaysReturned with a name never sent before next to its cookie
#   known    again, after the others
#
#   loadtest/field-names.sh [NODE_JAR]     (default node-server/target/node-server.jar; needs python3 and curl)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-node-server/target/node-server.jar}
PORT=$((30000 + RANDOM % 10000))
java @node-server/jvm.options -jar "$JAR" --bootstrap none --bind 127.0.0.1 --port "$PORT" \
  --log-level WARN --limits off --http-port $((PORT + 1)) > /dev/null 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null || true' EXIT
sleep 3
metrics() {
  curl -s "localhost:$((PORT + 1))/metrics" | awk '/^jvm_gc_memory_allocated_bytes_total/ {a = $2}
    /^jvm_gc_pause_seconds_count\{gc="Copy"/ {g = $2} END {print a, g}'
}
send() { # KIND: sends 10 s at 20 000/s, prints how many
  python3 - "$PORT" "$1" <<'PY'
import os, socket, sys, time
port, kind = int(sys.argv[1]), sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
base, n, t0 = os.getpid() * 10**9, 0, time.time()
def datagram(i):
    if kind == 'known':
        return b'[{"PleaseReturnThisMessage":{"k":1,"j":2}}]'
    if kind == 'echo':
        return b'[{"PleaseReturnThisMessage":{"k%d":1,"j%d":2}}]' % (i, i)
    return b'[{"AlwaysReturned":{"k%d":1,"cookie":"x"}}]' % i
while time.time() - t0 < 10:
    for _ in range(100):
        n += 1
        s.sendto(datagram(base + n), ("127.0.0.1", port))
    while n > (time.time() - t0) * 20000:
        time.sleep(0.001)
print(n)
PY
}
for kind in known echo returned known; do
  read -r a0 g0 < <(metrics)
  n=$(send "$kind")
  read -r a1 g1 < <(metrics)
  python3 -c "print('%-8s %d datagrams: %7.0f B allocated per datagram, %4d young collections' % ('$kind', $n, ($a1 - $a0) / $n, $g1 - $g0))"
done
