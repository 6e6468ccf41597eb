package io.cjp2p.node.limit;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstContactGateTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;

    /** A gate whose askers count as persistent from their second ask on, whenever it comes. */
    private static FirstContactGate gate() {
        return new FirstContactGate(CryptoBudget.pace(10, 10), 0, 1 << 14, 7, 0);
    }

    private static InetSocketAddress asker(int i) throws Exception {
        return new InetSocketAddress(
                InetAddress.getByAddress(new byte[] {127, (byte) (i >> 16), (byte) (i >> 8), (byte) (1 + i % 250)}), 4000);
    }

    /** Asks twice, as a persistent asker does; returns whether the second ask may be contacted. */
    private static boolean askTwice(FirstContactGate g, InetSocketAddress a, long now) {
        g.tryAcquire(a, now);
        return g.tryAcquire(a, now);
    }

    @Test
    void aOneShotAskerGetsNothingAndAPersistentOneGetsItsContactAfterTheGap() throws Exception {
        FirstContactGate g = new FirstContactGate(CryptoBudget.pace(10, 10), 5 * SECOND, 1024, 7, 0);
        InetSocketAddress a = asker(1);
        assertFalse(g.tryAcquire(a, 10 * SECOND), "the first ask");
        assertFalse(g.tryAcquire(a, 11 * SECOND), "again within the gap");
        assertTrue(g.tryAcquire(a, 15 * SECOND), "again after the gap");
        assertFalse(g.tryAcquire(new InetSocketAddress(a.getAddress(), 4001), 20 * SECOND), "another port, new asker");
    }

    @Test
    void oneContactPerIpPerMinuteWhateverThePort() throws Exception {
        FirstContactGate g = gate();
        InetSocketAddress victim = asker(1);
        InetSocketAddress otherPort = new InetSocketAddress(victim.getAddress(), 4001);
        long now = 5 * SECOND;
        assertTrue(askTwice(g, victim, now));
        assertFalse(g.tryAcquire(victim, now + 1));
        assertFalse(askTwice(g, otherPort, now + 1), "another port of the same IP");
        assertFalse(g.mayAcquire(victim.getAddress(), now + MINUTE - 1), "within the minute");
        assertTrue(g.tryAcquire(victim, now + MINUTE), "a minute later");
    }

    @Test
    void theNodeSendsAtMostItsRateWhateverTheSources() throws Exception {
        FirstContactGate g = gate();
        long now = 5 * SECOND;
        int allowed = 0;
        for (int i = 0; i < 1000; i++) {
            if (askTwice(g, asker(i), now)) {
                allowed++;
            }
        }
        assertEquals(10, allowed, "the burst");
        int later = 0;
        for (int i = 1000; i < 2000; i++) {
            if (askTwice(g, asker(i), now + SECOND)) {
                later++;
            }
        }
        assertEquals(10, later, "a second's worth");
    }

    @Test
    void repeatsFromOneIpDoNotSpendTheNodesRate() throws Exception {
        FirstContactGate g = gate();
        long now = 5 * SECOND;
        assertTrue(askTwice(g, asker(1), now));
        for (int i = 0; i < 1000; i++) {
            assertFalse(g.tryAcquire(asker(1), now));
        }
        int others = 0;
        for (int i = 2; i < 100; i++) {
            if (askTwice(g, asker(i), now)) {
                others++;
            }
        }
        assertEquals(9, others, "the rest of the burst is still there");
    }

    /**
     * A forger who mixes a victim's address into a flood of fresh sources, for a whole minute, still
     * gets the victim one first contact: fresh sources enter the per-IP table only at the node's
     * rate, too slowly to push the victim's entry out.
     */
    @Test
    void aFloodOfFreshSourcesDoesNotBuyAVictimASecondContact() throws Exception {
        FirstContactGate g = gate();
        InetSocketAddress victim = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 9, 9, 9}), 4000);
        int toVictim = 0;
        int fresh = 0;
        for (long t = 0; t < MINUTE - SECOND; t += SECOND / 1000) {
            long now = 5 * SECOND + t;
            if (g.tryAcquire(victim, now)) {
                toVictim++;
            }
            askTwice(g, asker(fresh++), now);
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
