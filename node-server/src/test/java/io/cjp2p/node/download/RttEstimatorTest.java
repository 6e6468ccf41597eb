package io.cjp2p.node.download;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RttEstimatorTest {
    private static final long MS = 1_000_000L;

    @Test
    void followsRfc6298() {
        RttEstimator r = new RttEstimator();
        assertEquals(RttEstimator.INITIAL_RTO_NANOS, r.rtoNanos());
        r.sample(100 * MS);
        assertEquals(100 * MS, r.srttNanos());
        assertEquals(300 * MS, r.rtoNanos()); // 100 + 4 * 50
        r.sample(200 * MS);
        // rttvar = 50 + (100 - 50) / 4 = 62.5; srtt = 100 + 100 / 8 = 112.5
        assertEquals(112_500_000L, r.srttNanos());
        assertEquals(112_500_000L + 4 * 62_500_000L, r.rtoNanos());
        assertEquals(100 * MS, r.minRttNanos());
    }

    @Test
    void timeoutsDoubleTheTimeoutUntilTheNextSample() {
        RttEstimator r = new RttEstimator();
        r.sample(100 * MS);
        r.timedOut();
        assertEquals(600 * MS, r.rtoNanos());
        r.timedOut();
        assertEquals(1200 * MS, r.rtoNanos());
        for (int i = 0; i < 20; i++) {
            r.timedOut();
        }
        assertEquals(RttEstimator.MAX_RTO_NANOS, r.rtoNanos());
        r.sample(100 * MS);
        assertEquals(true, r.rtoNanos() < 1000 * MS);
    }

    @Test
    void aLoopbackRoundTripStillWaitsTheFloor() {
        RttEstimator r = new RttEstimator();
        for (int i = 0; i < 50; i++) {
            r.sample(50_000);
        }
        assertEquals(RttEstimator.MIN_RTO_NANOS, r.rtoNanos()); // 200 ms, not 50 us + 4 x jitter
    }
}
