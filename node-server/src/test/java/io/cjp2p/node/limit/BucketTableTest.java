package io.cjp2p.node.limit;

import io.cjp2p.node.config.LimitsConfig.Rate;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BucketTableTest {
    private static final long SECOND = 1_000_000_000L;
    private final Pace tenPerSecond = Pace.of(new Rate(10, 20));

    private boolean take(BucketTable t, long key, long now) {
        return t.tryAcquire(key, tenPerSecond.cost(1), tenPerSecond.toleranceNanos(), now);
    }

    @Test
    void allowsTheBurstThenRefusesUntilTimeRefills() {
        BucketTable t = new BucketTable(1024, 1);
        long now = 5 * SECOND;
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            if (take(t, 42, now)) {
                allowed++;
            }
        }
        assertEquals(20, allowed, "the burst");
        assertFalse(take(t, 42, now + SECOND / 20), "half a token later");
        assertTrue(take(t, 42, now + SECOND / 10), "one token later");
        assertTrue(take(t, 43, now), "another key has its own bucket");
    }

    @Test
    void sustainedRateIsTheConfiguredRate() {
        BucketTable t = new BucketTable(64, 1);
        int allowed = 0;
        // 10 seconds, one attempt every millisecond.
        for (long ms = 0; ms < 10_000; ms++) {
            if (take(t, 7, SECOND + ms * 1_000_000L)) {
                allowed++;
            }
        }
        assertTrue(allowed >= 119 && allowed <= 121, "20 burst + 10/s for 10 s, got " + allowed);
    }

    @Test
    void aMillionDistinctKeysCostTheSameMemory() {
        BucketTable t = new BucketTable(4096, 99);
        for (long k = 1; k <= 1_000_000; k++) {
            take(t, k, SECOND + k);
        }
        assertEquals(4096, t.capacity());
        assertTrue(t.occupied() <= 4096);
    }

    @Test
    void evictionTakesTheFullBucketAndKeepsTheOneInDebt() {
        // Two ways per set: fill every way with debtors, then a full (idle) key and new keys arrive.
        BucketTable t = new BucketTable(2, 5); // one set, two ways
        long now = SECOND;
        for (int i = 0; i < 20; i++) {
            take(t, 1, now); // key 1 drains its burst: deep in debt
        }
        take(t, 2, now); // key 2 one token in
        // A long time later key 2 is full again but key 1 is still refused right now: newcomers evict key 2.
        for (int i = 0; i < 20; i++) {
            take(t, 1, now);
        }
        assertFalse(take(t, 1, now));
        take(t, 3, now);
        assertFalse(take(t, 1, now), "key 1 kept its debt: the newcomer evicted the other way");
    }

    @Test
    void keysSeparateIpsAndGroupPrefixes() throws Exception {
        InetAddress a = InetAddress.getByName("203.0.113.7");
        InetAddress b = InetAddress.getByName("203.0.113.200");
        InetAddress c = InetAddress.getByName("203.0.114.7");
        assertNotEquals(SourceKeys.ip(a), SourceKeys.ip(b));
        assertEquals(SourceKeys.prefix(a), SourceKeys.prefix(b));
        assertNotEquals(SourceKeys.prefix(a), SourceKeys.prefix(c));
        InetAddress v6a = InetAddress.getByName("2001:db8:1:2::1");
        InetAddress v6b = InetAddress.getByName("2001:db8:1:2:ffff::9");
        InetAddress v6c = InetAddress.getByName("2001:db8:1:3::1");
        assertNotEquals(SourceKeys.ip(v6a), SourceKeys.ip(v6b));
        assertEquals(SourceKeys.prefix(v6a), SourceKeys.prefix(v6b));
        assertNotEquals(SourceKeys.prefix(v6a), SourceKeys.prefix(v6c));
        assertNotEquals(0, SourceKeys.ip(InetAddress.getByName("0.0.0.0")));
        assertTrue(SourceKeys.ip(v6a) < 0 && SourceKeys.ip(a) > 0, "v4 and v6 keys never meet");
    }

    @Test
    void sharedBucketKeepsHalfTheBurstForVerified() {
        SharedBucket b = new SharedBucket(Pace.of(new Rate(1000, 1000)), SECOND);
        int unverified = 0;
        while (b.tryAcquire(10, 0.5, SECOND)) {
            unverified++;
        }
        assertEquals(50, unverified, "half of the 1000-byte burst");
        int verified = 0;
        while (b.tryAcquire(10, 1.0, SECOND)) {
            verified++;
        }
        assertEquals(50, verified, "the other half");
    }
}
