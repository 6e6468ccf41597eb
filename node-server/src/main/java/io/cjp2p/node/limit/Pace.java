package io.cjp2p.node.limit;

import io.cjp2p.node.config.LimitsConfig.Rate;

/**
 * A rate in the form the GCRA (generic cell rate algorithm) buckets use: how much time one unit
 * costs, and how far ahead of the clock a bucket may run, which is its burst.
 */
public record Pace(long perSecond, long toleranceNanos) {
    private static final long SECOND = 1_000_000_000L;

    public static Pace of(Rate rate) {
        return new Pace(rate.perSecond(), rate.burst() * SECOND / rate.perSecond());
    }

    /** The time {@code units} datagrams or bytes cost at this rate. */
    public long cost(long units) {
        return units * SECOND / perSecond;
    }
}
