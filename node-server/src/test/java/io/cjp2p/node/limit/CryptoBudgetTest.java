package io.cjp2p.node.limit;

import io.cjp2p.node.pipeline.IdentityEvent;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The public-key work budget: per source, then for the node, with unverified sources held to half the burst. */
class CryptoBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    private static InetAddress ip(int n) throws Exception {
        return InetAddress.getByAddress(new byte[] {(byte) 198, 51, (byte) (n >> 8), (byte) n});
    }

    /** 10/s burst 20 unverified, 100/s burst 100 verified, 1000/s burst 200 for the node; the clock does not move. */
    private static CryptoBudget budget() {
        return new CryptoBudget(CryptoBudget.pace(10, 20), CryptoBudget.pace(100, 100), CryptoBudget.pace(1000, 200),
                1024, 42, 0);
    }

    private static int granted(CryptoBudget b, InetAddress source, boolean verified, int tries, long now) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (b.tryAcquire(source, verified, now) == null) {
                n++;
            }
        }
        return n;
    }

    @Test
    void oneSourceGetsItsBurstThenIsRefusedUntilItRefills() throws Exception {
        CryptoBudget b = budget();
        assertEquals(20, granted(b, ip(1), false, 100, 0));
        assertEquals(IdentityEvent.CRYPTO_BUDGET_SOURCE, b.tryAcquire(ip(1), false, 0));
        assertEquals(10, granted(b, ip(1), false, 100, SECOND), "a second later, ten more");
        assertEquals(100, granted(b, ip(2), true, 500, SECOND), "a verified peer has a larger budget");
    }

    @Test
    void manyForgedSourcesShareHalfTheNodesBurstAndLeaveTheRestToVerifiedPeers() throws Exception {
        CryptoBudget b = budget();
        int unverified = 0;
        for (int s = 0; s < 100; s++) {
            unverified += granted(b, ip(s), false, 20, 0);
        }
        assertEquals(100, unverified, "half of the node's burst of 200");
        assertEquals(IdentityEvent.CRYPTO_BUDGET_GLOBAL, b.tryAcquire(ip(500), false, 0));
        assertNull(b.tryAcquire(ip(600), true, 0), "a verified peer still gets through");
        assertEquals(99, granted(b, ip(601), true, 500, 0) , "up to the whole burst");
        assertEquals(IdentityEvent.CRYPTO_BUDGET_GLOBAL, b.tryAcquire(ip(602), true, 0));
    }
}
