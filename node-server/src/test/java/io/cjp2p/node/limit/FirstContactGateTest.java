package io.cjp2p.node.limit;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstContactGateTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;

    private static FirstContactGate gate() {
        return new FirstContactGate(CryptoBudget.pace(10, 10), 1 << 14, 7, 0);
    }

    private static InetAddress ip(int i) throws Exception {
        return InetAddress.getByAddress(new byte[] {127, (byte) (i >> 16), (byte) (i >> 8), (byte) (1 + i % 250)});
    }

    @Test
    void oneContactPerIpPerMinute() throws Exception {
        FirstContactGate g = gate();
        InetAddress victim = ip(1);
        long now = 5 * SECOND;
        assertTrue(g.tryAcquire(victim, now));
        assertFalse(g.tryAcquire(victim, now + 1));
        assertFalse(g.tryAcquire(victim, now + MINUTE - 1), "within the minute");
        assertTrue(g.tryAcquire(victim, now + MINUTE), "a minute later");
    }

    @Test
    void theNodeSendsAtMostItsRateWhateverTheSources() throws Exception {
        FirstContactGate g = gate();
        long now = 5 * SECOND;
        int allowed = 0;
        for (int i = 0; i < 1000; i++) {
            if (g.tryAcquire(ip(i), now)) {
                allowed++;
            }
        }
        assertEquals(10, allowed, "the burst");
        int later = 0;
        for (int i = 1000; i < 2000; i++) {
            if (g.tryAcquire(ip(i), now + SECOND)) {
                later++;
            }
        }
        assertEquals(10, later, "a second's worth");
    }

    @Test
    void repeatsFromOneIpDoNotSpendTheNodesRate() throws Exception {
        FirstContactGate g = gate();
        long now = 5 * SECOND;
        assertTrue(g.tryAcquire(ip(1), now));
        for (int i = 0; i < 1000; i++) {
            assertFalse(g.tryAcquire(ip(1), now));
        }
        int others = 0;
        for (int i = 2; i < 100; i++) {
            if (g.tryAcquire(ip(i), now)) {
                others++;
            }
        }
        assertEquals(9, others, "the rest of the burst is still there");
    }

    /**
     * A forger who mixes a victim's address into a flood of fresh sources, for a whole minute, still
     * gets the victim one first contact: fresh sources enter the table only at the node's rate, too
     * slowly to push the victim's entry out.
     */
    @Test
    void aFloodOfFreshSourcesDoesNotBuyAVictimASecondContact() throws Exception {
        FirstContactGate g = gate();
        InetAddress victim = InetAddress.getByAddress(new byte[] {127, 9, 9, 9});
        int toVictim = 0;
        int fresh = 0;
        for (long t = 0; t < MINUTE - SECOND; t += SECOND / 1000) {
            long now = 5 * SECOND + t;
            if (g.tryAcquire(victim, now)) {
                toVictim++;
            }
            g.tryAcquire(ip(fresh++), now);
        }
        assertEquals(1, toVictim);
    }

    @Test
    void allowsLooksWithoutTakingABucket() {
        BucketTable t = new BucketTable(4, 1);
        assertTrue(t.allows(5, MINUTE, MINUTE, 0));
        assertEquals(0, t.occupied());
        assertTrue(t.tryAcquire(5, MINUTE, MINUTE, 0));
        assertFalse(t.allows(5, MINUTE, MINUTE, 1));
        assertTrue(t.allows(5, MINUTE, MINUTE, MINUTE));
    }
}
