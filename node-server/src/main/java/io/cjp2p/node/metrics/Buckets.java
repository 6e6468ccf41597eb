package io.cjp2p.node.metrics;

/**
 * Fixed histogram bucket bounds, kept in nanoseconds for the hot path and exported in seconds.
 */
public final class Buckets {
    /** Peer round-trip times: 100 us to 10 s. */
    public static final Buckets ROUND_TRIP = ofMicros(100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
            100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000);
    /** Time to process one datagram: 1 us to 100 ms. */
    public static final Buckets PROCESSING = ofMicros(1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000,
            10_000, 100_000);

    private final long[] upperNanos;

    private Buckets(long[] upperNanos) {
        this.upperNanos = upperNanos;
    }

    private static Buckets ofMicros(long... micros) {
        long[] nanos = new long[micros.length];
        for (int i = 0; i < micros.length; i++) {
            nanos[i] = micros[i] * 1_000L;
        }
        return new Buckets(nanos);
    }

    /** Finite bounds; the counts array has one more slot, for +Inf. */
    public int bounds() {
        return upperNanos.length;
    }

    /** The bucket a value falls in: the first bound it does not exceed, or {@link #bounds()} for +Inf. */
    int indexOf(long nanos) {
        long[] b = upperNanos;
        int i = 0;
        while (i < b.length && nanos > b[i]) {
            i++;
        }
        return i;
    }

    /** The upper bounds in seconds, ending with +Inf, as Prometheus wants them. */
    public double[] upperSeconds() {
        double[] s = new double[upperNanos.length + 1];
        for (int i = 0; i < upperNanos.length; i++) {
            s[i] = upperNanos[i] / 1e9;
        }
        s[upperNanos.length] = Double.POSITIVE_INFINITY;
        return s;
    }
}
