package io.cjp2p.node.download;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CongestionWindowTest {
    private static final long MS = 1_000_000L;

    /** Delivers one window's worth of replies, each after {@code rtt}, sent at {@code now}. */
    private static long roundTrip(CongestionWindow w, RttEstimator rtt, long now, long rttNanos) {
        int n = w.allowed();
        for (int i = 0; i < n; i++) {
            rtt.sample(rttNanos);
            w.delivered(now, rttNanos, rtt, now + rttNanos);
        }
        return now + rttNanos;
    }

    @Test
    void slowStartDoublesPerRoundTripThenLossHalvesOnce() {
        CongestionWindow w = new CongestionWindow();
        RttEstimator rtt = new RttEstimator();
        long now = 0;
        assertEquals(4, w.allowed());
        now = roundTrip(w, rtt, now, 10 * MS);
        assertEquals(8, w.allowed());
        now = roundTrip(w, rtt, now, 10 * MS);
        assertEquals(16, w.allowed());
        // three requests of the same burst are lost: one decrease only
        long burst = now - 5 * MS;
        w.lost(burst, now);
        w.lost(burst, now + 1);
        w.lost(burst, now + 2);
        assertEquals(8, w.allowed());
        assertEquals(1, w.decreases());
        // a request sent after the decrease and lost counts again
        w.lost(now + 10 * MS, now + 20 * MS);
        assertEquals(4, w.allowed());
    }

    @Test
    void congestionAvoidanceGrowsByAboutOnePerRoundTrip() {
        CongestionWindow w = new CongestionWindow();
        RttEstimator rtt = new RttEstimator();
        long now = 0;
        for (int i = 0; i < 3; i++) {
            now = roundTrip(w, rtt, now, 10 * MS);
        }
        w.lost(now, now + 1); // 32 -> 16, threshold 16
        now += 10 * MS;
        int before = w.allowed();
        now = roundTrip(w, rtt, now, 10 * MS);
        now = roundTrip(w, rtt, now, 10 * MS);
        int after = w.allowed();
        assertTrue(after >= before + 1 && after <= before + 2, before + " -> " + after);
    }

    @Test
    void risingDelayShrinksTheWindowLikeALoss() {
        CongestionWindow w = new CongestionWindow();
        RttEstimator rtt = new RttEstimator();
        long now = roundTrip(w, rtt, 0, 10 * MS);
        now = roundTrip(w, rtt, now, 10 * MS);
        assertEquals(16, w.allowed());
        // the queue grows: a reply after 60 ms where the path's minimum is 10 ms
        rtt.sample(60 * MS);
        w.delivered(now, 60 * MS, rtt, now + 60 * MS);
        assertEquals(8, w.allowed());
        // a modest rise (within 3x + 5 ms) is not congestion
        w.delivered(now + 61 * MS, 20 * MS, rtt, now + 81 * MS);
        assertTrue(w.window() > 8);
    }

    @Test
    void collapseAfterTimeoutsRestartsFromOneAndNeverBelow() {
        CongestionWindow w = new CongestionWindow();
        RttEstimator rtt = new RttEstimator();
        roundTrip(w, rtt, 0, 10 * MS);
        w.collapsed(100 * MS);
        assertEquals(1, w.allowed());
        w.lost(200 * MS, 300 * MS);
        assertEquals(1, w.allowed());
    }

    @Test
    void neverAboveTheMaximum() {
        CongestionWindow w = new CongestionWindow();
        RttEstimator rtt = new RttEstimator();
        long now = 0;
        for (int i = 0; i < 20; i++) {
            now = roundTrip(w, rtt, now, MS);
        }
        assertEquals((int) CongestionWindow.MAX, w.allowed());
    }
}
