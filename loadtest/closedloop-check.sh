#!/usr/bin/env bash
# Checks the C load generator (loadtest/floor/closedloop.c) end to end, not its speed: against the
# floor (udp_echo.c) and a node, echo and verified peers, 1 s each, every reply matched and right;
# a target outside loopback and bad flags refused with status 2; a reply of the wrong kind never
# counted. Exits 1 on the first check that fails. Loopback only; about 20 s.
#
#   loadtest/closedloop-check.sh        (NODE_JAR=... for another build; without a jar, floor only)
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_JAR=${NODE_JAR:-node-server/target/node-server.jar}
. loadtest/state-dir.sh
OUT=$(mktemp -d /tmp/cjp2p-closedloop-check.XXXXXX)
gcc -O2 -Wall -Werror -o "$OUT/closedloop" loadtest/floor/closedloop.c
gcc -O2 -Wall -o "$OUT/udp_echo" loadtest/floor/udp_echo.c -lpthread
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
FAILED=0
check() { # DESCRIPTION JQ-CONDITION FILE
  if jq -e "$2" "$3" >/dev/null 2>&1; then echo "ok    $1"; else echo "FAIL  $1: $(cat "$3")"; FAILED=1; fi
}
status() { # DESCRIPTION EXPECTED COMMAND...
  local what=$1 want=$2 got=0; shift 2
  "$@" > /dev/null 2>&1 || got=$?
  if [ "$got" = "$want" ]; then echo "ok    $what"; else echo "FAIL  $what: exit status $got, wanted $want"; FAILED=1; fi
}
GEN=("$OUT/closedloop" --duration 1 --warmup 1 --sockets 4 --window 8 --json)
PORT=$((30000 + RANDOM % 10000))

status "a target outside loopback is refused" 2 "$OUT/closedloop" --target 192.0.2.1 "$PORT"
status "an IPv6 target outside loopback is refused" 2 "$OUT/closedloop" --target 2001:db8::1 "$PORT"
status "a window of 0 is refused" 2 "$OUT/closedloop" --window 0 "$PORT"
status "an unknown scenario is refused" 2 "$OUT/closedloop" --scenario junk "$PORT"
status "a port that is no number is refused" 2 "$OUT/closedloop" 12x

"$OUT/udp_echo" "$PORT" 127.0.0.1 1 & PIDS+=("$!"); FLOOR=$!
sleep 0.3
"${GEN[@]}" --raw --server-pid "$FLOOR" "$PORT" > "$OUT/floor-echo.json" || true
check "floor, echo: replies, none bad or lost, CPU reported, sent as UDP_SEGMENT buffers" \
  '.replies > 0 and .bad == 0 and .lost == 0 and .answered == .sent and .gen_cpu_s >= 0 and .server_cpu_s >= 0 and .gso' "$OUT/floor-echo.json"
"${GEN[@]}" --raw --no-gso "$PORT" > "$OUT/floor-echo-sendmmsg.json" || true
check "floor, echo, --no-gso: the same with sendmmsg" \
  '.replies > 0 and .bad == 0 and .lost == 0 and .answered == .sent and (.gso | not)' "$OUT/floor-echo-sendmmsg.json"
"${GEN[@]}" --raw --scenario peers "$PORT" > "$OUT/floor-peers.json" || true
check "floor, verified peers (the handshake's cookie echoed back): replies, none bad" \
  '.replies > 0 and .bad == 0 and .lost == 0' "$OUT/floor-peers.json"
# The floor echoes a request as it came; without --raw the generator waits for ReturnedMessage.
"${GEN[@]}" --timeout-ms 100 "$PORT" > "$OUT/floor-wrong.json" || true
check "floor without --raw: an echoed request is not a reply" '.replies == 0 and .other > 0 and .loss == 1' "$OUT/floor-wrong.json"

# A server that answers the handshake with a cookie and each request with its ReturnedMessage and
# Peers, but never returns our cookie: in the peers scenario none of that is a reply.
FAKE_PORT=$((PORT + 2))
python3 -c '
import re, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", int(sys.argv[1])))
while True:
    d, a = s.recvfrom(4096)
    m = re.search(rb"\"PleaseReturnThisMessage\":(\{\"n\":[0-9]+\})", d)
    s.sendto(b"[{\"ReturnedMessage\":" + m.group(1) + b"},{\"Peers\":{\"peers\":[\"127.0.0.9:9\"]}}]" if m
             else b"[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"fake\"}}]", a)
' "$FAKE_PORT" & PIDS+=("$!")
sleep 0.5
"${GEN[@]}" --scenario peers --timeout-ms 100 "$FAKE_PORT" > "$OUT/fake-peers.json" || true
check "verified peers: a reply without our cookie returned is bad, not a reply" '.replies == 0 and .bad > 0' "$OUT/fake-peers.json"
"${GEN[@]}" --timeout-ms 100 "$FAKE_PORT" > "$OUT/fake-echo.json" || true
check "echo: the same server's ReturnedMessage is a reply" '.replies > 0 and .bad == 0' "$OUT/fake-echo.json"

if [ -f "$NODE_JAR" ]; then
  NODE_PORT=$((PORT + 1))
  state_args=$(state_dir_args "$NODE_JAR") # before the start: the expansion is slow
  java @node-server/jvm.options -jar "$NODE_JAR" $state_args --bootstrap none --limits off --bind 127.0.0.1 --port "$NODE_PORT" \
    --http-port 0 > "$OUT/node.log" 2>&1 & PIDS+=("$!"); NODE=$!
  for _ in $(seq 1 100); do grep -q 'listening on udp' "$OUT/node.log" && break; sleep 0.2; done
  "${GEN[@]}" --duration 2 --warmup 0 "$NODE_PORT" > /dev/null || true # a cold JVM may miss the first second
  "${GEN[@]}" --server-pid "$NODE" "$NODE_PORT" > "$OUT/node-echo.json" || true
  check "node, echo: replies, none bad" '.replies > 0 and .bad == 0 and .server_cpu_s > 0' "$OUT/node-echo.json"
  "${GEN[@]}" --scenario peers --seed-peers 30 "$NODE_PORT" > "$OUT/node-peers.json" || true
  # 30 seeds, each in its own /16, are verified peers and fit one reply; seeds crowded into one /16
  # would be cut to the node's few per /16 in a reply (and 4 per /24, 32 per /16 in its table).
  check "node, verified peers: every reply with Peers (the seeds over many /16s) and our cookie" \
    '.replies > 0 and .bad == 0 and .peers_per_reply >= 20' "$OUT/node-peers.json"
  "${GEN[@]}" --raw --timeout-ms 100 "$NODE_PORT" > "$OUT/node-wrong.json" || true
  check "node with --raw: a ReturnedMessage is not an echoed request" '.replies == 0 and .bad > 0' "$OUT/node-wrong.json"
else
  echo "skip  node checks: no $NODE_JAR (mvn -q -DskipTests -pl node-server -am package)"
fi
[ "$FAILED" = 0 ] && echo "all checks passed" || { echo "raw results in $OUT"; exit 1; }
