package io.cjp2p.node.peer;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeBackoffTest {
    private static final long TICK = 1_000_000_000L;

    @Test
    void theWaitDoublesAfterEachUnansweredProbeUpToTheCap() {
        ProbeBackoff b = new ProbeBackoff(TICK, 240 * TICK);
        long[] expected = {1, 2, 4, 8, 16, 32, 64, 128, 240, 240};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k] * TICK, b.delayNanos(k), "after " + k + " unanswered");
        }
        assertEquals(240 * TICK, b.delayNanos(63), "no overflow");
        assertEquals(240 * TICK, b.delayNanos(Integer.MAX_VALUE), "no overflow");
        assertEquals(240_000_000_000L, ProbeBackoff.MAX_DELAY_NANOS, "a few minutes");
    }

    /** The ticks at which a silent peer is probed, over {@code ticks} ticks. */
    private static List<Integer> probeTicks(ProbeBackoff b, PeerEntry e, int ticks) {
        List<Integer> at = new ArrayList<>();
        for (int t = 0; t < ticks; t++) {
            long now = 1_000 + t * TICK;
            if (b.isDue(e, now)) {
                b.probed(e, now);
                at.add(t);
            }
        }
        return at;
    }

    @Test
    void aSilentPeerIsProbedAfterOneTwoFourTicks() {
        ProbeBackoff b = new ProbeBackoff(TICK, 16 * TICK);
        PeerEntry e = new PeerEntry(new InetSocketAddress("127.0.0.2", 1), 0);
        assertEquals(List.of(0, 1, 3, 7, 15, 31, 47, 63, 79, 95), probeTicks(b, e, 100));
        assertEquals(10, e.unansweredProbes());
    }

    @Test
    void overAThirtyMinuteTtlASilentPeerGetsAFewProbesNotOneATick() {
        PeerEntry e = new PeerEntry(new InetSocketAddress("127.0.0.2", 1), 0);
        int probes = probeTicks(new ProbeBackoff(TICK), e, 1800).size();
        // 0, 1, 3, …, 255 (9 probes), then one every 240 ticks: 495, 735, …, 1695 (6 more); not 1 800.
        assertEquals(15, probes);
    }

    @Test
    void anAnswerResetsTheBackoff() {
        ProbeBackoff b = new ProbeBackoff(TICK);
        PeerTable table = new PeerTable(4);
        PeerEntry e = table.verified(new InetSocketAddress("127.0.0.2", 1), 0);
        assertEquals(List.of(0, 1, 3, 7), probeTicks(b, e, 10));
        long now = 1_000 + 10 * TICK;
        assertFalse(b.isDue(e, now), "waiting out 8 ticks");
        table.recordRtt(e, 5_000_000L);
        assertTrue(b.isDue(e, now), "answered: due again");
        assertEquals(0, e.unansweredProbes());
        b.probed(e, now);
        assertFalse(b.isDue(e, now + TICK - 1));
        assertTrue(b.isDue(e, now + TICK), "one tick later, as for a peer that always answers");
    }
}
