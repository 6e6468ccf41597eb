package io.cjp2p.loadtest.eclipse;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Paces the sources under the node's default inbound limits (README, "Abuse limits"), so that the
 * attack is one the limiter lets through rather than a flood it drops. The node keeps one bucket
 * per source IP, which a datagram from an ip:port not in its peer table drains at the unverified
 * price (20/s) and one from a peer at the verified price (500/s), and one per /24 for unverified
 * datagrams (2000/s). A new port of a known IP is not in the table yet, so joining ports costs the
 * unverified price: one IP with many ports joins slowly, which is the point of the limit.
 *
 * <p>Each bucket here is a virtual scheduling clock (GCRA) at {@link #HEADROOM} of the node's rate,
 * with a burst of only {@link #TOLERANCE_NANOS}, well inside the node's burst of two seconds' worth.
 * Used by one thread.
 */
final class LimitPacer {
    static final int NODE_UNVERIFIED_PPS = 20;
    static final int NODE_VERIFIED_PPS = 500;
    static final int NODE_PREFIX_PPS = 2000;
    /** Stay below the node's rates: its clock and ours drift, and its buckets also count other traffic. */
    static final double HEADROOM = 0.8;
    /** How far ahead of the paced schedule a datagram may go: two pacing ticks. */
    static final long TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final long UNVERIFIED_COST = cost(NODE_UNVERIFIED_PPS);
    private static final long VERIFIED_COST = cost(NODE_VERIFIED_PPS);
    private static final long PREFIX_COST = cost(NODE_PREFIX_PPS);

    private final Map<InetAddress, long[]> ips = new HashMap<>();
    private final Map<Integer, long[]> prefixes = new HashMap<>();

    /** Whether a datagram from an ip:port the node does not hold may go now; if so it is charged. */
    boolean unverified(InetAddress ip, long now) {
        long[] source = ips.computeIfAbsent(ip, k -> new long[] {now});
        long[] prefix = prefixes.computeIfAbsent(AddressPlan.prefix24(ip), k -> new long[] {now});
        if (!fits(source, now) || !fits(prefix, now)) {
            return false;
        }
        charge(source, UNVERIFIED_COST, now);
        charge(prefix, PREFIX_COST, now);
        return true;
    }

    /** Whether a datagram from a peer the node holds may go now; if so it is charged. */
    boolean verified(InetAddress ip, long now) {
        long[] source = ips.computeIfAbsent(ip, k -> new long[] {now});
        if (!fits(source, now)) {
            return false;
        }
        charge(source, VERIFIED_COST, now);
        return true;
    }

    private static boolean fits(long[] clock, long now) {
        return Math.max(clock[0], now) - now <= TOLERANCE_NANOS;
    }

    private static void charge(long[] clock, long cost, long now) {
        clock[0] = Math.max(clock[0], now) + cost;
    }

    private static long cost(int perSecond) {
        return (long) (TimeUnit.SECONDS.toNanos(1) / (perSecond * HEADROOM));
    }
}
