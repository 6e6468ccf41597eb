package io.cjp2p.node.config;

import io.cjp2p.codec.DecoderLimits;

/**
 * Abuse limits: token buckets per source IP, per IPv4 /24 or IPv6 /64, and a global ceiling on
 * reply bandwidth. See {@code docs/robustness.md} for why the defaults are what they are.
 *
 * @param enabled               false switches every limit off (benchmarks: {@code --limits off})
 * @param tableSize             bucket entries per table and event loop; bounds limiter memory whatever the
 *                              number of sources (rounded up to a power of two)
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
        public Rate {
            if (perSecond < 1 || perSecond > 1_000_000_000L) {
                throw new IllegalArgumentException("a rate must be in 1..1000000000 per second, got " + perSecond);
            }
            if (burst < 1 || burst > 1_000_000_000L) {
                throw new IllegalArgumentException("a burst must be in 1..1000000000, got " + burst);
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

    public static final int MIN_TABLE_SIZE = 64;
    public static final int MAX_TABLE_SIZE = 1 << 24;

    /**
     * The defaults of a public node. An honest Rust peer sends about one probe a second, a busy one a
     * few dozen datagrams a second during searches; a forged source gets 20 a second and at most twice
     * the request size back, so a million forged sources still cost little reply bandwidth.
     */
    public static final LimitsConfig DEFAULT = new LimitsConfig(true, 65_536,
            Rate.of(20), Rate.of(500), Rate.of(2_000),
            Rate.ofBytes(8 * 1024), Rate.ofBytes(256 * 1024), Rate.ofBytes(8L * 1024 * 1024));

    /** Every limit off. */
    public static final LimitsConfig OFF = new LimitsConfig(false, DEFAULT.tableSize, DEFAULT.unverifiedDatagrams,
            DEFAULT.verifiedDatagrams, DEFAULT.prefixDatagrams, DEFAULT.unverifiedReplyBytes,
            DEFAULT.verifiedReplyBytes, DEFAULT.globalReplyBytes);

    public LimitsConfig {
        if (tableSize < MIN_TABLE_SIZE || tableSize > MAX_TABLE_SIZE) {
            throw new IllegalArgumentException("the limiter table size must be in " + MIN_TABLE_SIZE + ".."
                    + MAX_TABLE_SIZE + ", got " + tableSize);
        }
        if (unverifiedDatagrams == null || verifiedDatagrams == null || prefixDatagrams == null
                || unverifiedReplyBytes == null || verifiedReplyBytes == null || globalReplyBytes == null) {
            throw new IllegalArgumentException("every rate must be given");
        }
    }

    public LimitsConfig withEnabled(boolean on) {
        return new LimitsConfig(on, tableSize, unverifiedDatagrams, verifiedDatagrams, prefixDatagrams,
                unverifiedReplyBytes, verifiedReplyBytes, globalReplyBytes);
    }
}
