#!/usr/bin/env bash
# What hostile datagrams cost the node: sends a fresh node (loopback only) 10 s of each kind of
# datagram, at most 20 000 a second, and prints, per datagram the node received, the heap it
# allocated and its CPU time (from /proc, collections included), and the young collections in the
# run. Allocation, collections and datagrams received come from the node's own metrics
# (jvm_gc_memory_allocated_bytes_total, jvm_gc_pause_seconds_count, cjp2p_datagrams_received_total). Kinds, in the order given
# (default: all of them, in this order, with known twice: the first run warms the JIT up):
#   known      [{"PleaseReturnThisMessage":{"k":1,"j":2}}], the same names every time (the baseline)
#   echo-names PleaseReturnThisMessage with two field names nobody sent before, in each datagram
#   cookie-names AlwaysReturned with a never-seen name next to its cookie
#   types      a message type nobody sent before, in each datagram
#   big-echo   PleaseReturnThisMessage with a 60 000-byte string
#   elements   1 024 PleaseSendPeers in one datagram
#   others     1 024 messages of a type the node does not know, {"X":0}, in one datagram
#   peers      Peers with 1 000 addresses nobody announced before
#   deep       60 000 nested arrays
#   escapes    a 60 000-byte string of \u escapes
#   number     a 60 000-digit number
#   bad-utf8   bytes that are not UTF-8 inside a string
#
#   loadtest/hostile-cost.sh [KIND...]
#
# NODE_JAR=... selects another build, as in the other scripts here. Needs python3 and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${NODE_JAR:-node-server/target/node-server.jar}
. loadtest/state-dir.sh
[ -f "$JAR" ] || { echo "no $JAR: run mvn -q -DskipTests package first" >&2; exit 2; }
KINDS=("$@")
[ ${#KINDS[@]} -gt 0 ] || KINDS=(known known echo-names cookie-names types big-echo elements others peers deep escapes number bad-utf8)
PORT=$((30000 + RANDOM % 10000))
state_args=$(state_dir_args "$JAR") # before the start: the expansion is slow
java @node-server/jvm.options -jar "$JAR" $state_args --bootstrap none --bind 127.0.0.1 --port "$PORT" \
  --log-level WARN --limits off --http-port $((PORT + 1)) > /dev/null 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null || true' EXIT
sleep 3
measure() {
  curl -s "localhost:$((PORT + 1))/metrics" | awk '/^jvm_gc_memory_allocated_bytes_total/ {a = $2}
    /^jvm_gc_pause_seconds_count\{gc="Copy"/ {g = $2} /^cjp2p_datagrams_received_total/ {r += $2}
    END {printf "%s %s %s ", a, g, r}'
  awk '{print $14 + $15}' "/proc/$NODE/stat" # user + system clock ticks
}
send() { # KIND: sends for 10 s, prints how many datagrams
  python3 - "$PORT" "$1" <<'PY'
import os, socket, sys, time
port, kind = int(sys.argv[1]), sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 22)
base, n, t0 = os.getpid() * 10**9, 0, time.time()
def echo(body):
    return b'[{"PleaseReturnThisMessage":' + body + b'}]'
fixed = {
    'known': echo(b'{"k":1,"j":2}'),
    'big-echo': echo(b'"' + b'x' * 60000 + b'"'),
    'elements': b'[' + b','.join([b'{"PleaseSendPeers":{}}'] * 1024) + b']',
    'others': b'[' + b','.join([b'{"X":0}'] * 1024) + b']',
    'deep': b'[' * 60000,
    'escapes': echo(b'"' + b'\\u00e9' * 10000 + b'"'),
    'number': echo(b'{"n":' + b'7' * 60000 + b'}'),
    'bad-utf8': echo(b'"\xff\xfe\xc0\x80' * 100 + b'"'),
}
def datagram(i):
    if kind in fixed:
        return fixed[kind]
    if kind == 'echo-names':
        return echo(b'{"k%d":1,"j%d":2}' % (i, i))
    if kind == 'cookie-names':
        return b'[{"AlwaysReturned":{"k%d":1,"cookie":"x"}}]' % i
    if kind == 'types':
        return b'[{"T%d":{"a":1}}]' % i
    if kind == 'peers':
        return (b'[{"Peers":{"peers":[' + b','.join(b'"10.%d.%d.%d:%d"' % ((i * 1000 + j) >> 16 & 255,
                (i * 1000 + j) >> 8 & 255, (i * 1000 + j) & 255, 1024 + j) for j in range(1000)) + b']}}]')
    raise SystemExit('unknown kind ' + kind)
while time.time() - t0 < 10:
    for _ in range(20):
        n += 1
        s.sendto(datagram(base + n), ("127.0.0.1", port))
    while n > (time.time() - t0) * 20000:
        time.sleep(0.001)
print(n)
PY
}
TICK=$(getconf CLK_TCK)
printf '%-13s %9s %9s %11s %9s %9s\n' kind sent received "B alloc/dg" "CPU us/dg" "young GCs"
for kind in "${KINDS[@]}"; do
  read -r a0 g0 r0 c0 < <(measure)
  n=$(send "$kind")
  read -r a1 g1 r1 c1 < <(measure)
  python3 -c "r = max(1, $r1 - $r0); print('%-13s %9d %9d %11.0f %9.1f %9d' % ('$kind', $n, $r1 - $r0, ($a1 - $a0) / r, ($c1 - $c0) * 1e6 / $TICK / r, $g1 - $g0))"
done
