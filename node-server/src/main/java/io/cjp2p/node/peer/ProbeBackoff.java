package io.cjp2p.node.peer;

/**
 * How often a known peer is probed: every tick while it answers, and after each unanswered probe
 * twice as long as before (1, 2, 4 … ticks), up to {@link #MAX_DELAY_NANOS}, until it answers or
 * its entry expires. A silent peer used to get a probe every tick until its TTL ran out.
 */
public final class ProbeBackoff {
    /** The longest wait between probes of a silent peer. */
    public static final long MAX_DELAY_NANOS = 240_000_000_000L;

    private final long tickNanos;
    private final long maxDelayNanos;

    public ProbeBackoff(long tickNanos) {
        this(tickNanos, MAX_DELAY_NANOS);
    }

    public ProbeBackoff(long tickNanos, long maxDelayNanos) {
        this.tickNanos = tickNanos;
        this.maxDelayNanos = Math.max(tickNanos, maxDelayNanos);
    }

    /** The wait after a probe sent with {@code unanswered} earlier probes still unanswered. */
    public long delayNanos(int unanswered) {
        if (unanswered >= 62 || tickNanos > maxDelayNanos >> unanswered) {
            return maxDelayNanos;
        }
        return tickNanos << unanswered;
    }

    /** Whether {@code e} may be probed at {@code now}: never probed, answered since, or its wait is over. */
    public boolean isDue(PeerEntry e, long now) {
        return e.unansweredProbes() == 0 || now - e.nextProbeNanos() >= 0;
    }

    /**
     * Records a probe sent to {@code e} at {@code now}. An answer to an earlier probe may land at the
     * same moment on another event loop and be overwritten here; then the peer waits one step longer
     * and its next answer resets it, which is harmless.
     */
    public void probed(PeerEntry e, long now) {
        int unanswered = e.unansweredProbes();
        e.probeScheduled(unanswered + 1, now + delayNanos(unanswered));
    }
}
