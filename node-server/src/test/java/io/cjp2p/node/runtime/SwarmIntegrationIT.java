package io.cjp2p.node.runtime;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.Peers;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static io.cjp2p.node.support.UdpClient.only;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several nodes on loopback find each other through gossip alone, with the default 1 s tick. */
class SwarmIntegrationIT {

    @Test
    void aChainOfBootstrapsBecomesOneSwarmWithinTenSeconds() throws Exception {
        // A knows nobody, B bootstraps from A, C from B. Each binds its own loopback address so
        // that the three are distinct hosts as far as cookies are concerned.
        try (Node a = Node.start(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.10.1")).build());
             Node b = Node.start(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.10.2"))
                     .bootstrap(List.of(a.localAddress())).build());
             Node c = Node.start(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.10.3"))
                     .bootstrap(List.of(b.localAddress())).build());
             UdpClient askA = new UdpClient(a.localAddress(), InetAddress.getByName("127.0.10.9")).handshake("qa");
             UdpClient askC = new UdpClient(c.localAddress(), InetAddress.getByName("127.0.10.9")).handshake("qc")) {
            long start = System.nanoTime();
            boolean aListsC = false;
            boolean cListsA = false;
            while (System.nanoTime() - start < 10_000_000_000L && !(aListsC && cListsA)) {
                Thread.sleep(250);
                aListsC = peersOf(askA).contains(c.localAddress());
                cListsA = peersOf(askC).contains(a.localAddress());
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(aListsC, "A lists C within 10 s; A's peers: " + peersOf(askA));
            assertTrue(cListsA, "C lists A within 10 s; C's peers: " + peersOf(askC));
            System.out.println("swarm of three converged in " + millis + " ms");
            // Every node measured the round trip to the peers it probes.
            assertTrue(waitRtt(c, a.localAddress()), "C measured its RTT to A");
            assertTrue(waitRtt(a, c.localAddress()), "A measured its RTT to C");
        }
    }

    private static boolean waitRtt(Node at, InetSocketAddress peer) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            PeerEntry e = at.peers().get(peer);
            if (e != null && e.rttNanos() != PeerEntry.NO_RTT) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static List<InetSocketAddress> peersOf(UdpClient client) throws Exception {
        client.send(client.verified("{\"PleaseSendPeers\":{}}"));
        // The client's address is gossiped too, so a node may greet it with a first contact (our
        // cookie alone) before the reply: skip to the Peers.
        while (true) {
            List<Message> reply = client.receiveReply(2000);
            if (reply == null) {
                throw new AssertionError("no Peers reply");
            }
            if (!only(reply, Peers.class).isEmpty()) {
                return only(reply, Peers.class).get(0).peers();
            }
        }
    }
}
