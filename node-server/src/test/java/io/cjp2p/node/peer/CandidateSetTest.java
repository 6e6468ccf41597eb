package io.cjp2p.node.peer;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidateSetTest {
    private static final long MINUTE = 60_000_000_000L;
    private final InetSocketAddress victim = new InetSocketAddress("198.51.100.7", 24254);

    @Test
    void aGossipedAddressIsProbedAtMostOncePerInterval() {
        CandidateSet set = new CandidateSet(10, MINUTE);
        long now = 1_000;
        assertTrue(set.offer(victim));
        assertEquals(List.of(victim), set.takeForProbe(4, now));
        // Gossiped again and again within the interval: never probed again.
        for (int i = 1; i < 10; i++) {
            set.offer(victim);
            assertEquals(List.of(), set.takeForProbe(4, now + i * (MINUTE / 10)));
        }
        set.offer(victim);
        assertEquals(List.of(victim), set.takeForProbe(4, now + MINUTE), "a full interval later");
    }

    @Test
    void pruningKeepsProbeTimesThatAreStillWithinTheInterval() {
        CandidateSet set = new CandidateSet(10, MINUTE);
        assertTrue(set.tryProbe(victim, 0));
        set.prune(MINUTE / 2);
        assertFalse(set.tryProbe(victim, MINUTE / 2));
        set.prune(MINUTE);
        assertEquals(0, set.probeHistorySize());
    }

    @Test
    void bothMapsAreBounded() {
        CandidateSet set = new CandidateSet(100, MINUTE);
        for (int i = 0; i < 10_000; i++) {
            set.offer(new InetSocketAddress("10.0." + (i >> 8 & 255) + "." + (i & 255), 1 + i));
        }
        assertEquals(100, set.size());
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 200; i++) {
                set.offer(new InetSocketAddress("10.1." + round + "." + i, 1000 + i));
            }
            set.takeForProbe(1000, round);
        }
        assertTrue(set.probeHistorySize() <= 400, "probe history bounded by 4x capacity: " + set.probeHistorySize());
    }
}
