package io.cjp2p.node.peer;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GossipBudgetTest {
    private static final long MINUTE = 60_000_000_000L;

    /** Spends {@code cost} while the slot covers it; returns how many times it could. */
    private static int spendAll(GossipBudget b, int slot, int cost) {
        int n = 0;
        while (b.covers(slot, cost)) {
            b.spend(slot, cost);
            n++;
        }
        return n;
    }

    @Test
    void aGossiperEarnsTwiceTheBytesItSent() throws Exception {
        GossipBudget b = new GossipBudget(MINUTE);
        int slot = b.earn(InetAddress.getByName("127.0.0.2"), 5192, 0);
        assertEquals(10_384, b.remaining(slot));
        // 159 first contacts of 65 bytes (10 335 bytes), never a 160th.
        assertEquals(159, spendAll(b, slot, 65));
        assertEquals(49, b.remaining(slot));
        assertTrue(159 * 65 <= 2 * 5192);
    }

    @Test
    void creditAddsUpWithinTheWindowOnly() throws Exception {
        GossipBudget b = new GossipBudget(MINUTE);
        InetAddress g = InetAddress.getByName("127.0.0.2");
        int slot = b.earn(g, 100, 0);
        b.earn(g, 100, MINUTE / 2);
        assertEquals(400, b.remaining(slot));
        b.spend(slot, 300);
        // A new window: what was left is gone, so gossip cannot be saved up for a burst.
        assertEquals(slot, b.earn(g, 10, MINUTE));
        assertEquals(20, b.remaining(slot));
        assertFalse(b.covers(slot, 21));
    }

    @Test
    void overAnyNumberOfWindowsSpendingNeverExceedsTwiceTheGossip() throws Exception {
        GossipBudget b = new GossipBudget(MINUTE);
        InetAddress g = InetAddress.getByName("127.0.0.2");
        java.util.Random r = new java.util.Random(3);
        long received = 0;
        long spent = 0;
        long now = 0;
        long windowStart = 0;
        long receivedInWindow = 0;
        long spentInWindow = 0;
        for (int i = 0; i < 10_000; i++) {
            now += r.nextInt(5_000) * 1_000_000L;
            int bytes = 30 + r.nextInt(2000);
            int slot = b.earn(g, bytes, now);
            if (i == 0 || now - windowStart >= MINUTE) { // the budget's window starts at the first gossip
                windowStart = now;
                receivedInWindow = 0;
                spentInWindow = 0;
            }
            receivedInWindow += bytes;
            received += bytes;
            int n = spendAll(b, slot, 65);
            spentInWindow += 65L * n;
            spent += 65L * n;
            assertTrue(spentInWindow <= 2 * receivedInWindow, "window at " + windowStart);
        }
        assertTrue(spent > received, "the budget was actually used: " + spent + " of " + received);
    }

    @Test
    void gossipersHaveTheirOwnBudgetsAndACollisionOnlyLowersThem() throws Exception {
        GossipBudget b = new GossipBudget(MINUTE);
        InetAddress a = InetAddress.getByName("127.0.0.2");
        int slotA = b.earn(a, 1000, 0);
        // Find another address that lands in a's slot, and one that does not.
        InetAddress same = null;
        InetAddress differ = null;
        for (int i = 0; i < 65_536 && (same == null || differ == null); i++) {
            InetAddress c = InetAddress.getByAddress(new byte[] {10, 1, (byte) (i >> 8), (byte) i});
            GossipBudget probe = new GossipBudget(MINUTE);
            int s = probe.earn(c, 1, 0);
            if (s == slotA && same == null) {
                same = c;
            } else if (s != slotA && differ == null) {
                differ = c;
            }
        }
        int slotD = b.earn(differ, 10, 0);
        assertNotEquals(slotA, slotD);
        assertEquals(2000, b.remaining(slotA), "untouched by another gossiper");
        assertEquals(slotA, b.earn(same, 10, 1));
        assertEquals(20, b.remaining(slotA), "the newcomer starts from nothing, it gets none of a's credit");
        assertEquals(slotA, b.earn(a, 10, 2));
        assertEquals(20, b.remaining(slotA), "and a, coming back, starts over too");
    }
}
