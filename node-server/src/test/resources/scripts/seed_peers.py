# A 20-line client as people write them: ask a node for peers, doing the cookie round trip, print them.
# usage: python3 seed_peers.py HOST PORT
import json, socket, sys
node = (sys.argv[1], int(sys.argv[2]))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
def ask(msgs):
    s.sendto(json.dumps(msgs).encode(), node)
cookie, peers = None, []
ask([{"PleaseSendPeers": {}}, {"PleaseAlwaysReturnThisMessage": {"cookie": "seed-script"}}])
while cookie is None:  # the node's cookie comes in its reply (or in a first contact of its own)
    for m in json.loads(s.recvfrom(65536)[0]):
        cookie = m.get("PleaseAlwaysReturnThisMessage", cookie)
print("cookie", json.dumps(cookie))
ask([{"PleaseSendPeers": {}}, {"AlwaysReturned": cookie}])
while not peers:
    for m in json.loads(s.recvfrom(65536)[0]):
        peers = m.get("Peers", {}).get("peers", peers)
for p in peers:
    print("peer", p)
