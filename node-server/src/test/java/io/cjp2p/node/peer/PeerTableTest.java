package io.cjp2p.node.peer;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerTableTest {
    private static final long SECOND = 1_000_000_000L;

    private static InetSocketAddress addr(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    /** What a Peers reply built by {@link PeerTable#selectEncoded} carries, decoded by the codec. */
    static List<InetSocketAddress> select(PeerTable t, InetSocketAddress requester, boolean requesterPublic, int max) {
        return HandoutTest.decoded(t.selectEncoded(requester, requesterPublic, max));
    }

    @Test
    void theTableIsBoundedAndRefusesNewPeersWhenFull() {
        PeerTable t = new PeerTable(3);
        for (int i = 1; i <= 3; i++) {
            assertNotNull(t.verified(addr("192.0.2." + i, 1), 0));
        }
        assertNull(t.verified(addr("192.0.2.4", 1), 0), "full");
        assertNotNull(t.verified(addr("192.0.2.1", 1), 5), "a known peer is still refreshed");
        assertEquals(3, t.size());
    }

    @Test
    void silentPeersAgeOutAndFreeRoom() {
        PeerTable t = new PeerTable(2);
        t.verified(addr("192.0.2.1", 1), 0);
        t.verified(addr("192.0.2.2", 1), 50 * SECOND);
        assertEquals(1, t.expire(100 * SECOND, 60 * SECOND));
        assertFalse(t.contains(addr("192.0.2.1", 1)));
        assertNotNull(t.verified(addr("192.0.2.3", 1), 100 * SECOND));
    }

    @Test
    void aRefusedIpIsAdmittedOnceAnEntryOfItsAgesOut() {
        PeerTable t = new PeerTable(100);
        assertNotNull(t.verified(addr("192.0.2.1", 1), 0));
        assertNotNull(t.verified(addr("192.0.2.1", 2), 50 * SECOND));
        assertNull(t.verified(addr("192.0.2.1", 3), 60 * SECOND), "two ports per IP");
        assertNull(t.verified(addr("192.0.2.1", 4), 61 * SECOND), "refused again while nothing changed");
        assertNotNull(t.verified(addr("192.0.2.9", 1), 62 * SECOND), "another IP is not refused with it");
        assertNull(t.verified(addr("192.0.2.1", 3), 63 * SECOND), "still two ports of that IP");
        assertEquals(1, t.expire(100 * SECOND, 60 * SECOND));
        assertNotNull(t.verified(addr("192.0.2.1", 3), 100 * SECOND), "the refusal did not outlive the change");
        assertNull(t.verified(addr("192.0.2.1", 4), 101 * SECOND));
    }

    @Test
    void peersAreHandedOutOnlyWhileRecentlyVerified() {
        PeerTable t = new PeerTable(100);
        t.verified(addr("8.8.8.1", 1), 0);
        t.verified(addr("8.8.8.2", 1), 500 * SECOND);
        t.rebuildHandout(600 * SECOND, 300 * SECOND);
        assertEquals(List.of(addr("8.8.8.2", 1)), select(t, addr("9.9.9.9", 5), true, 46));
    }

    @Test
    void selectionCapsAtTheLimitNeverRepeatsAndSkipsTheRequester() {
        PeerTable t = new PeerTable(1000);
        for (int i = 0; i < 200; i++) {
            t.verified(addr("8." + i + ".0.1", 24254), 0); // a network each, so that the diversity caps allow them all
        }
        t.rebuildHandout(0, SECOND);
        InetSocketAddress requester = addr("8.0.0.1", 24254);
        for (int round = 0; round < 50; round++) {
            List<InetSocketAddress> out = select(t, requester, true, PeerTable.MAX_HANDOUT);
            assertEquals(PeerTable.MAX_HANDOUT, out.size());
            assertEquals(out.size(), new HashSet<>(out).size(), "no duplicates");
            assertFalse(out.contains(requester));
        }
    }

    @Test
    void aPublicRequesterNeverGetsPrivateOrLoopbackPeers() {
        PeerTable t = new PeerTable(100);
        t.verified(addr("127.0.0.5", 1), 0);
        t.verified(addr("10.1.2.3", 1), 0);
        t.verified(addr("192.168.1.1", 1), 0);
        t.verified(addr("100.64.0.1", 1), 0);
        t.verified(addr("8.8.4.4", 1), 0);
        t.rebuildHandout(0, SECOND);
        assertEquals(List.of(addr("8.8.4.4", 1)), select(t, addr("1.1.1.1", 9), true, 46));
        assertEquals(5, select(t, addr("127.0.0.1", 9), false, 46).size(), "a loopback or LAN requester gets all");
    }

    @Test
    void theFastestPeersComeFirst() {
        PeerTable t = new PeerTable(100);
        for (int i = 1; i <= 10; i++) {
            PeerEntry e = t.verified(addr("8." + i + ".8.8", 1), 0);
            t.recordRtt(e, (11 - i) * 1_000_000L);
        }
        t.verified(addr("9.9.9.1", 1), 0); // never measured: last
        t.rebuildHandout(0, SECOND);
        PeerEntry[] h = t.handout();
        assertEquals(addr("8.10.8.8", 1), h[0].address());
        assertEquals(addr("9.9.9.1", 1), h[h.length - 1].address());
        assertTrue(select(t, addr("1.1.1.1", 1), true, 2).contains(addr("8.10.8.8", 1)));
    }

    @Test
    void probesPreferPeersProbedLongestAgo() {
        PeerTable t = new PeerTable(100);
        for (int i = 1; i <= 8; i++) {
            PeerEntry e = t.verified(addr("8.8." + i + ".1", 1), 0);
            t.markProbed(e, i <= 4 ? 0 : 100);
        }
        List<PeerEntry> picked = t.pickForProbe(4);
        assertEquals(4, picked.size());
    }
}
