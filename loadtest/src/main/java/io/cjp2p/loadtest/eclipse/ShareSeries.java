package io.cjp2p.loadtest.eclipse;

/**
 * One share (a part of a whole, such as attacker entries of a Peers reply) sampled over a run: the
 * mean, the max and the last of the samples. A sample whose whole is 0 has no share; it is counted
 * apart and moves none of them.
 */
final class ShareSeries {
    private int samples;
    private int empty;
    private double sum;
    private double max;
    private double last;

    /** @throws IllegalArgumentException when {@code part} is negative or more than {@code whole} */
    void add(long part, long whole) {
        if (part < 0 || part > whole) {
            throw new IllegalArgumentException("part " + part + " of " + whole);
        }
        if (whole == 0) {
            empty++;
            return;
        }
        double s = share(part, whole);
        samples++;
        sum += s;
        max = Math.max(max, s);
        last = s;
    }

    /** {@code part / whole}, 0 for an empty whole. */
    static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    int samples() {
        return samples;
    }

    int empty() {
        return empty;
    }

    double mean() {
        return samples == 0 ? 0 : sum / samples;
    }

    double max() {
        return max;
    }

    double last() {
        return last;
    }
}
