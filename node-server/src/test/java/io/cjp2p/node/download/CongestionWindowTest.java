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
            w.delivered(now, rtt, now + rttNanos);
        }
        return now + rttNanos;
    }

    @Test
    void slowStartDoublesPerRoundTripThenLossCutsOncePerBurst() {
        CongestionWindow w = new CongestionWindow();
        RttEstimator rtt = new RttEstimator();
        long now = 0;
        assertEquals(4, w.allowed());
        now = roundTrip(w, rtt, now, 10 * MS);
        assertEquals(8, w.allowed());
        now = roundTrip(w, rtt, now, 10 * MS);
        assertEquals(16, w.allowed());
        // three requests of the same burst are lost: one decrease only, to 0.7 of the window
        long burst = now - 5 * MS;
        w.lost(burst, now);
        w.lost(burst, now + 1);
        w.lost(burst, now + 2);
        assertEquals(11, w.allowed());
        assertEquals(1, w.decreases());
        // a request sent after the decrease and lost counts again
        w.lost(now + 10 * MS, now + 20 * MS);
        assertEquals(7, w.allowed());
    }

    @Test
    void congestionAvoidanceGrowsByAboutOnePerRoundTrip() {
        CongestionWindow w = new CongestionWindow();
        RttEstimator rtt = new RttEstimator();
        long now = 0;
        for (int i = 0; i < 3; i++) {
            now = roundTrip(w, rtt, now, 10 * MS);
        }
        w.lost(now, now + 1); // 32 -> 22.4, and the threshold with it
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
        // one late reply is a pause, not a queue: the smoothed round trip barely moves
        rtt.sample(60 * MS);
        w.delivered(now, rtt, now + 60 * MS);
        assertTrue(w.window() > 16, "grew: " + w.window());
        // the queue grows: replies keep coming after 300 ms where the path's minimum is 10 ms
        double peak = w.window();
        for (int i = 0; i < 30; i++) {
            rtt.sample(300 * MS);
            now += 300 * MS;
            w.delivered(now - 300 * MS, rtt, now);
        }
        assertTrue(w.window() < peak * 0.5, peak + " -> " + w.window());
        assertTrue(w.decreases() >= 2);
    }

    @Test
    void collapseAfterTimeoutsRestartsFromTheMinimumAndNeverBelow() {
        CongestionWindow w = new CongestionWindow();
        RttEstimator rtt = new RttEstimator();
        roundTrip(w, rtt, 0, 10 * MS);
        w.collapsed(100 * MS);
        assertEquals((int) CongestionWindow.MIN, w.allowed());
        w.lost(200 * MS, 300 * MS);
        assertEquals((int) CongestionWindow.MIN, w.allowed());
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
