package io.cjp2p.node.download;

/**
 * How many 4096-byte block requests one source may have outstanding.
 *
 * <p>AIMD with slow start, as TCP, plus a delay signal. Why AIMD rather than a purely delay-based
 * controller such as LEDBAT: LEDBAT needs one-way delays from timestamps in the packets, and Content
 * carries none; the round trip that replaces it includes the server's own JSON and disk work and,
 * on a busy machine, its scheduling, which is far noisier than queueing on the path. Loss is the
 * signal every server gives (a full socket buffer drops), and AIMD shares a server fairly between
 * several downloaders. The decrease is by {@link #BETA} (CUBIC's 0.7, not Reno's 0.5): datagrams
 * are also lost at random on real paths, and halving for each of those keeps the window needlessly
 * small. Rising delay is still heeded: a smoothed round trip above {@link #DELAY_FACTOR} times the
 * path's minimum plus {@link #DELAY_FLOOR_NANOS} counts like a loss, so a source whose queue grows
 * is backed off before it overflows; smoothed, so that one late reply (a pause in the scheduler)
 * does not.
 *
 * <p>At most one decrease per round trip: requests sent before the last decrease may still be lost
 * from the same burst, and cutting for each of them would collapse the window.
 */
public final class CongestionWindow {
    public static final double INITIAL = 4;
    /** Two, not one: with two outstanding, a loss shows as a later answer, not only as a timeout. */
    public static final double MIN = 2;
    static final double BETA = 0.7;
    /** Bound on outstanding requests to one source: 1024 blocks are 4 MiB in flight. */
    public static final double MAX = 1024;
    static final double DELAY_FACTOR = 3;
    /** Queueing below this never counts as rising delay: on a LAN or a busy machine the round trip swings by tens of ms with scheduling, not with queues. */
    static final long DELAY_FLOOR_NANOS = 100_000_000L;

    private double window = INITIAL;
    private double slowStartThreshold = MAX;
    /** Requests sent before this time belong to the burst already punished. */
    private long recoveryUntilSentNanos = Long.MIN_VALUE;
    private long decreases;

    /**
     * A reply came back for a request sent at {@code sentNanos}; {@code rtt} already holds its
     * sample (when it gave one).
     */
    public void delivered(long sentNanos, RttEstimator rtt, long nowNanos) {
        long min = rtt.minRttNanos();
        long smoothed = rtt.srttNanos();
        if (smoothed > 0 && min > 0 && smoothed > DELAY_FACTOR * min + DELAY_FLOOR_NANOS) {
            congested(sentNanos, nowNanos);
            return;
        }
        if (window < slowStartThreshold) {
            window = Math.min(MAX, window + 1); // doubles per round trip
        } else {
            window = Math.min(MAX, window + 1 / window); // one more per round trip
        }
    }

    /** The request sent at {@code sentNanos} was lost (timed out or overtaken by later ones). */
    public void lost(long sentNanos, long nowNanos) {
        congested(sentNanos, nowNanos);
    }

    private void congested(long sentNanos, long nowNanos) {
        if (sentNanos <= recoveryUntilSentNanos) {
            return;
        }
        window = Math.max(MIN, window * BETA);
        slowStartThreshold = Math.max(MIN, window);
        recoveryUntilSentNanos = nowNanos;
        decreases++;
    }

    /** Every outstanding request timed out: start again from one, as TCP does after an RTO. */
    public void collapsed(long nowNanos) {
        slowStartThreshold = Math.max(MIN, window * BETA);
        window = MIN;
        recoveryUntilSentNanos = nowNanos;
        decreases++;
    }

    /** Whole requests allowed outstanding. */
    public int allowed() {
        return (int) window;
    }

    public double window() {
        return window;
    }

    public long decreases() {
        return decreases;
    }
}
