package io.cjp2p.node.dispatch;

import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.Peers;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.GossipBudget;
import io.cjp2p.node.peer.PeerTable;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GossipIntakeTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 24254);

    private final PeerTable peers = new PeerTable(100);
    private final CandidateSet candidates = new CandidateSet(1000, MINUTE);
    private final GossipIntake intake = new GossipIntake(peers, candidates, new GossipBudget(MINUTE));
    private final InetSocketAddress gossiper = new InetSocketAddress("127.0.0.2", 24254);

    private static Peers victims(int n) {
        List<InetSocketAddress> a = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            a.add(new InetSocketAddress("127.77." + (i >> 8) + "." + (1 + (i & 255) % 254), 20_000 + i));
        }
        return new Peers(a);
    }

    @Test
    void aFirstContactCostsWhatALoneCookieMessageEncodesTo() {
        assertEquals(65, GossipIntake.FIRST_CONTACT_BYTES);
    }

    @Test
    void oneMessageGivesAtMostSixteenCandidates() {
        Peers gossip = victims(256);
        int bytes = MessageEncoder.datagramLength(List.of(gossip));
        assertTrue(bytes > 5000, "a 256-victim Peers: " + bytes);
        assertEquals(GossipIntake.MAX_PER_MESSAGE, intake.learn(gossip, gossiper, bytes, LOCAL, 0));
        assertEquals(16, candidates.size());
    }

    @Test
    void theGossipersBytesPayForTheFirstContacts() {
        // A 140-byte datagram earns 280 bytes: four 65-byte first contacts, not a fifth.
        assertEquals(4, intake.learn(victims(10), gossiper, 140, LOCAL, 0));
        // Within the same minute, the next 100-byte message adds 200 bytes to the 20 left: three more.
        assertEquals(3, intake.learn(victims(20), gossiper, 100, LOCAL, 1));
        assertEquals(7, candidates.size());
        // A minute later the leftover is gone; 33 bytes earn 66: one.
        assertEquals(1, intake.learn(victims(30), gossiper, 33, LOCAL, MINUTE + 1));
    }

    @Test
    void addressesThatNeverGetProbedCostNothing() throws Exception {
        List<InetSocketAddress> a = new ArrayList<>();
        for (String special : List.of("127.255.255.255", "127.0.0.0", "255.255.255.255", "0.0.0.0", "224.0.0.1",
                "192.0.2.1", "198.51.100.1", "203.0.113.1", "::", "ff02::1", "2001:db8::1")) {
            a.add(new InetSocketAddress(InetAddress.getByName(special), 24254));
        }
        a.add(new InetSocketAddress("127.0.0.9", 0));
        InetSocketAddress known = new InetSocketAddress("127.0.0.3", 1);
        peers.verified(known, 0);
        a.add(known);
        a.add(new InetSocketAddress("::1", 5000)); // the other family than our socket
        InetSocketAddress probed = new InetSocketAddress("127.0.0.4", 1);
        candidates.tryProbe(probed, 0);
        a.add(probed);
        InetSocketAddress good = new InetSocketAddress("127.0.0.5", 1);
        a.add(good);
        // 65 bytes earn 130: the one real candidate must not have been priced out by the others.
        assertEquals(1, intake.learn(new Peers(a), gossiper, 65, LOCAL, 1));
        assertEquals(1, candidates.size());
        assertEquals(List.of(good), candidates.takeForProbe(10, 2));
    }

    @Test
    void aPublicGossiperCannotNameAPrivateAddress() {
        InetSocketAddress publicGossiper = new InetSocketAddress("8.8.8.8", 24254);
        Peers gossip = new Peers(List.of(new InetSocketAddress("10.0.0.1", 1), new InetSocketAddress("9.9.9.9", 1)));
        assertEquals(1, intake.learn(gossip, publicGossiper, 500, new InetSocketAddress("0.0.0.0", 24254), 0));
        assertEquals(List.of(new InetSocketAddress("9.9.9.9", 1)), candidates.takeForProbe(10, 1));
    }
}
