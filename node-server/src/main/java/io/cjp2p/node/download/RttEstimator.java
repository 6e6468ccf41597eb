package io.cjp2p.node.download;

/**
 * Smoothed round-trip time and retransmission timeout of one source, as RFC 6298 computes them
 * (alpha 1/8, beta 1/4, RTO = SRTT + 4 RTTVAR), with bounds fit for a LAN as well as the internet:
 * a request answered from a loopback server in 100 us must not wait a whole second to be retried.
 */
public final class RttEstimator {
    /** Floor of the timeout, as TCP's: below it a reply delayed by a garbage collection or a busy scheduler looks lost (measured: at 50 ms on a loaded 2-core machine nearly every timeout was spurious), and a timeout costs the window. Real losses are mostly found sooner, by later answers. */
    public static final long MIN_RTO_NANOS = 200_000_000L;
    public static final long MAX_RTO_NANOS = 8_000_000_000L;
    /** Before the first sample (RFC 6298 says 1 s; content servers answer at once or not at all). */
    public static final long INITIAL_RTO_NANOS = 1_000_000_000L;

    private long srtt = -1;
    private long rttvar;
    private long minRtt = Long.MAX_VALUE;
    private int backoff;

    /** One measured round trip of a request sent once (Karn: never of a retransmitted one). */
    public void sample(long rttNanos) {
        long r = Math.max(1, rttNanos);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar += (Math.abs(srtt - r) - rttvar) / 4;
            srtt += (r - srtt) / 8;
        }
        minRtt = Math.min(minRtt, r);
        backoff = 0;
    }

    /** A request timed out: the next timeout doubles (RFC 6298 5.5), up to the maximum. */
    public void timedOut() {
        backoff = Math.min(backoff + 1, 8);
    }

    public long rtoNanos() {
        long base = srtt < 0 ? INITIAL_RTO_NANOS : srtt + Math.max(4 * rttvar, 1_000_000L);
        long rto = Math.max(MIN_RTO_NANOS, base) << backoff;
        return Math.min(MAX_RTO_NANOS, rto);
    }

    /** The smoothed round trip, or -1 before the first sample. */
    public long srttNanos() {
        return srtt;
    }

    /** The lowest round trip seen: the path's delay without queueing. */
    public long minRttNanos() {
        return minRtt == Long.MAX_VALUE ? -1 : minRtt;
    }
}
