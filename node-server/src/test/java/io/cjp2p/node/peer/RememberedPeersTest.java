package io.cjp2p.node.peer;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Peers of an earlier run: kept apart until they answer, then back with what we knew of them. */
class RememberedPeersTest {
    private static final long SECOND = 1_000_000_000L;

    private static InetSocketAddress addr(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    private static byte[] key(int b) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) b);
        return k;
    }

    @Test
    void rememberedPeersAreNeitherInTheTableNorHandedOutUntilTheyAnswer() {
        PeerTable t = new PeerTable(100);
        assertEquals(2, t.remember(List.of(new SavedPeer(addr("8.8.8.1", 1), key(1), 30_000_000L, 1000),
                new SavedPeer(addr("8.8.8.2", 1), null, PeerEntry.NO_RTT, 1000))));
        t.rebuildHandout(10 * SECOND, 600 * SECOND);
        assertEquals(0, t.size());
        assertFalse(t.contains(addr("8.8.8.1", 1)));
        assertEquals(List.of(), PeerTableTest.select(t, addr("9.9.9.9", 5), true, 46));
        assertEquals(0, t.handout().length);
        assertEquals(2, t.remembered().size());

        PeerEntry back = t.verified(addr("8.8.8.1", 1), 11 * SECOND);
        assertArrayEquals(key(1), back.publicKey(), "the key we had learned");
        assertEquals(30_000_000L, back.rttNanos(), "the round trip we had measured");
        assertEquals(1, t.remembered().size());
        assertFalse(t.remembered().contains(addr("8.8.8.1", 1)));
        t.rebuildHandout(12 * SECOND, 600 * SECOND);
        assertEquals(List.of(addr("8.8.8.1", 1)), PeerTableTest.select(t, addr("9.9.9.9", 5), true, 46));
    }

    @Test
    void aPeerAlreadyInTheTableIsNotRememberedAndTheSetIsBounded() {
        PeerTable t = new PeerTable(3);
        t.verified(addr("8.8.8.1", 1), 0);
        List<SavedPeer> saved = List.of(new SavedPeer(addr("8.8.8.1", 1), key(1), 5, 1),
                new SavedPeer(addr("8.8.8.2", 1), null, 5, 1), new SavedPeer(addr("8.8.8.3", 1), null, 5, 1),
                new SavedPeer(addr("8.8.8.4", 1), null, 5, 1), new SavedPeer(addr("8.8.8.5", 1), null, 5, 1));
        assertEquals(3, t.remember(saved), "the table's capacity, without the one it holds");
        assertNull(t.get(addr("8.8.8.1", 1)).publicKey(), "a live entry is not overwritten by an old one");
        assertFalse(t.remembered().contains(addr("8.8.8.1", 1)));
    }

    @Test
    void probesBackOffWhileTheyStaySilent() {
        PeerTable t = new PeerTable(100);
        for (int i = 1; i <= 5; i++) {
            t.remember(List.of(new SavedPeer(addr("8.8.8." + i, 1), null, PeerEntry.NO_RTT, 1)));
        }
        ProbeBackoff backoff = new ProbeBackoff(SECOND);
        RememberedPeers r = t.remembered();
        List<InetSocketAddress> first = r.takeForProbe(3, 0, backoff);
        assertEquals(3, first.size());
        List<InetSocketAddress> second = r.takeForProbe(3, 0, backoff);
        assertEquals(2, second.size(), "the two not probed yet");
        Set<InetSocketAddress> all = new HashSet<>(first);
        all.addAll(second);
        assertEquals(5, all.size());
        assertEquals(List.of(), r.takeForProbe(10, SECOND / 2, backoff), "each waits a tick after its first probe");
        assertEquals(5, r.takeForProbe(10, SECOND, backoff).size());
        assertEquals(List.of(), r.takeForProbe(10, 2 * SECOND, backoff), "then two ticks");
        assertEquals(5, r.takeForProbe(10, 3 * SECOND, backoff).size());
        t.verified(addr("8.8.8.3", 1), 3 * SECOND);
        assertEquals(4, r.takeForProbe(10, 100 * SECOND, backoff).size(), "one answered");
    }

    @Test
    void onlyPeersVerifiedWithinAWeekAreKept() {
        PeerTable t = new PeerTable(100);
        long now = 10 * RememberedPeers.KEEP_MILLIS;
        t.remember(List.of(new SavedPeer(addr("8.8.8.1", 1), null, 5, now - RememberedPeers.KEEP_MILLIS),
                new SavedPeer(addr("8.8.8.2", 1), null, 5, now - RememberedPeers.KEEP_MILLIS - 1)));
        assertEquals(1, t.remembered().expire(now));
        assertTrue(t.remembered().contains(addr("8.8.8.1", 1)));
    }

    @Test
    void whatIsSavedIsTheTableThenThoseStillToAnswer() {
        PeerTable t = new PeerTable(100);
        t.remember(List.of(new SavedPeer(addr("8.8.8.9", 9), key(9), 7, 123)));
        PeerEntry e = t.verified(addr("8.8.8.1", 1), 50 * SECOND);
        t.recordRtt(e, 2_000_000L);
        assertTrue(t.bindKey(addr("8.8.8.1", 1), key(1)));
        t.verified(addr("8.8.8.2", 2), 40 * SECOND);
        long nowMillis = 1_764_000_000_000L;
        List<SavedPeer> saved = t.toSave(60 * SECOND, nowMillis);
        assertEquals(3, saved.size());
        assertTrue(saved.contains(new SavedPeer(addr("8.8.8.1", 1), key(1), 2_000_000L, nowMillis - 10_000)));
        assertTrue(saved.contains(new SavedPeer(addr("8.8.8.2", 2), null, PeerEntry.NO_RTT, nowMillis - 20_000)));
        assertEquals(new SavedPeer(addr("8.8.8.9", 9), key(9), 7, 123), saved.get(2), "the one still to answer, unchanged");
    }
}
