package io.cjp2p.node.peer;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidateSetTest {
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void theSetIsBounded() {
        CandidateSet s = new CandidateSet(3, MINUTE);
        for (int i = 1; i <= 10; i++) {
            s.offer(new InetSocketAddress("192.0.2." + i, 1));
        }
        assertEquals(3, s.size());
    }

    @Test
    void aGossipedAddressIsProbedAtMostOncePerInterval() {
        CandidateSet s = new CandidateSet(10, MINUTE);
        InetSocketAddress victim = new InetSocketAddress("192.0.2.1", 24254);
        s.offer(victim);
        assertEquals(List.of(victim), s.takeForProbe(4, 0));
        // Gossiped again and again within the minute: no second probe.
        for (long t = 1; t < 60; t++) {
            s.offer(victim);
            assertTrue(s.takeForProbe(4, t * 1_000_000_000L).isEmpty(), "second " + t);
        }
        s.offer(victim);
        assertEquals(List.of(victim), s.takeForProbe(4, MINUTE + 1));
    }

    @Test
    void probeHistoryIsPrunedAndBounded() {
        CandidateSet s = new CandidateSet(2, MINUTE);
        for (int i = 0; i < 100; i++) {
            s.tryProbe(new InetSocketAddress("192.0.2." + (i % 250), 1000 + i), 0);
        }
        assertTrue(s.probeHistorySize() <= 8, "history bounded at 4x capacity: " + s.probeHistorySize());
        s.prune(MINUTE);
        assertEquals(0, s.probeHistorySize());
        assertFalse(s.offer(new InetSocketAddress("192.0.2.1", 1)) && s.offer(new InetSocketAddress("192.0.2.1", 1)));
    }
}
