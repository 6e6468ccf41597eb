package io.cjp2p.node.limit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One GCRA bucket shared by every event loop (the global reply ceiling), lock-free with a CAS loop.
 * A caller may be confined to part of the burst, which keeps the rest for more deserving traffic.
 */
public final class SharedBucket {
    private final Pace pace;
    private final AtomicLong tat;

    public SharedBucket(Pace pace, long now) {
        this.pace = pace;
        this.tat = new AtomicLong(now);
    }

    /**
     * Charges {@code units} when, after paying, the bucket has used at most {@code burstShare} of its
     * tolerance (1.0 the whole burst, 0.5 the first half).
     */
    public boolean tryAcquire(long units, double burstShare, long now) {
        long cost = pace.cost(units);
        long tolerance = (long) (pace.toleranceNanos() * burstShare);
        while (true) {
            long current = tat.get();
            long start = current - now > 0 ? current : now;
            long next = start + cost;
            if (next - now > tolerance) {
                return false;
            }
            if (tat.compareAndSet(current, next)) {
                return true;
            }
        }
    }
}
