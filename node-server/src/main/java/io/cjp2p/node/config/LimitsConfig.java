package io.cjp2p.node.config;

import io.cjp2p.codec.DecoderLimits;

/**
 * Abuse limits: token buckets per source IP, per IPv4 /24 or IPv6 /64, and a global ceiling on
 * reply bandwidth. See {@code docs/robustness.md} for why the defaults are what they are.
 *
 * @param enabled               false switches every limit off (benchmarks: {@code --limits off})
 * @param tableSize             bucket entries in each of the three tables the event loops share; bounds limiter
 *                              memory whatever the number of sources (rounded up to a power of two)
 * @param unverifiedDatagrams   inbound datagrams per second (and burst) from an IP:port that has not proved it
 *                              receives at its address
 * @param verifiedDatagrams     the same for a source in the peer table (cookie-verified)
 * @param prefixDatagrams       inbound unverified datagrams per second (and burst) from one IPv4 /24 or IPv6 /64
 * @param unverifiedReplyBytes  reply payload bytes per second (and burst) to one unverified IP
 * @param verifiedReplyBytes    reply payload bytes per second (and burst) to one verified IP
 * @param globalReplyBytes      reply payload bytes per second (and burst) for the whole node; unverified replies
 *                              may only use the first half of the burst, so verified peers keep being answered
 */
public record LimitsConfig(
        boolean enabled,
        int tableSize,
        Rate unverifiedDatagrams,
        Rate verifiedDatagrams,
        Rate prefixDatagrams,
        Rate unverifiedReplyBytes,
        Rate verifiedReplyBytes,
        Rate globalReplyBytes) {

    /** A sustained rate and the burst a full bucket allows. */
    public record Rate(long perSecond, long burst) {
        /**
         * The largest burst: a bucket's tolerance is {@code burst * 1e9 / perSecond} nanoseconds,
         * which stays inside a long up to here.
         */
        public static final long MAX_BURST = 1_000_000_000L;

        public Rate {
            if (perSecond < 1 || perSecond > MAX_BURST) {
                throw new IllegalArgumentException("a rate must be in 1.." + MAX_BURST + " per second, got " + perSecond);
            }
            if (burst < 1 || burst > MAX_BURST) {
                throw new IllegalArgumentException("a burst must be in 1.." + MAX_BURST + ", got " + burst);
            }
        }

        /** A burst of two seconds' worth, the default shape of every bucket. */
        public static Rate of(long perSecond) {
            return new Rate(perSecond, 2 * perSecond);
        }

        /** The largest reply a byte budget must admit at once: a full UDP payload and its IPv4+UDP header. */
        public static final long LARGEST_DATAGRAM_BYTES =
                DecoderLimits.UDP_MAX_PAYLOAD + DecoderLimits.IP_UDP_HEADER_BYTES;

        /**
         * A byte rate: two seconds' worth of burst, but never less than one largest datagram, so
         * that a legal request for a large echo can be answered once while the sustained rate stays
         * {@code perSecond}.
         */
        public static Rate ofBytes(long perSecond) {
            return new Rate(perSecond, Math.max(2 * perSecond, LARGEST_DATAGRAM_BYTES));
        }
    }

    /**
     * The defaults of a public node. An honest Rust peer sends about one probe a second, a busy one a
     * few dozen datagrams a second during searches; a forged source gets 20 a second and at most twice
     * the request size back, so a million forged sources still cost little reply bandwidth.
     */
    public static final LimitsConfig DEFAULT = of(true, 65_536, 20, 500, 2_000, 8 * 1024, 256 * 1024, 8L * 1024 * 1024);

    /** Every limit off. */
    public static final LimitsConfig OFF = DEFAULT.withEnabled(false);

    /** @throws IllegalArgumentException naming the flag of the first bad value */
    public LimitsConfig {
        Bound.LIMIT_TABLE_SIZE.check(tableSize);
        if (unverifiedDatagrams == null || verifiedDatagrams == null || prefixDatagrams == null
                || unverifiedReplyBytes == null || verifiedReplyBytes == null || globalReplyBytes == null) {
            throw new IllegalArgumentException("every rate must be given");
        }
        Bound.LIMIT_UNVERIFIED_PPS.check(unverifiedDatagrams.perSecond());
        Bound.LIMIT_VERIFIED_PPS.check(verifiedDatagrams.perSecond());
        Bound.LIMIT_PREFIX_PPS.check(prefixDatagrams.perSecond());
        Bound.LIMIT_UNVERIFIED_REPLY_BYTES.check(unverifiedReplyBytes.perSecond());
        Bound.LIMIT_VERIFIED_REPLY_BYTES.check(verifiedReplyBytes.perSecond());
        Bound.LIMIT_GLOBAL_REPLY_BYTES.check(globalReplyBytes.perSecond());
    }

    /**
     * The limits as the flags give them: rates per second, each bucket with the default burst
     * ({@link Rate#of}, {@link Rate#ofBytes}). Each rate is checked against its flag's bound before
     * its burst is worked out, so the message names the flag.
     *
     * @throws IllegalArgumentException naming the flag of the first bad value
     */
    public static LimitsConfig of(boolean enabled, int tableSize, long unverifiedPps, long verifiedPps, long prefixPps,
                                  long unverifiedReplyBytes, long verifiedReplyBytes, long globalReplyBytes) {
        return new LimitsConfig(enabled, tableSize,
                Rate.of(Bound.LIMIT_UNVERIFIED_PPS.check(unverifiedPps)),
                Rate.of(Bound.LIMIT_VERIFIED_PPS.check(verifiedPps)),
                Rate.of(Bound.LIMIT_PREFIX_PPS.check(prefixPps)),
                Rate.ofBytes(Bound.LIMIT_UNVERIFIED_REPLY_BYTES.check(unverifiedReplyBytes)),
                Rate.ofBytes(Bound.LIMIT_VERIFIED_REPLY_BYTES.check(verifiedReplyBytes)),
                Rate.ofBytes(Bound.LIMIT_GLOBAL_REPLY_BYTES.check(globalReplyBytes)));
    }

    public LimitsConfig withEnabled(boolean on) {
        return new LimitsConfig(on, tableSize, unverifiedDatagrams, verifiedDatagrams, prefixDatagrams,
                unverifiedReplyBytes, verifiedReplyBytes, globalReplyBytes);
    }
}
