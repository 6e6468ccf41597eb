package io.cjp2p.node.limit;

import java.net.InetAddress;
import java.security.SecureRandom;

/**
 * Bounds the first contacts we send to unverified askers (our cookie, alone, in a datagram of its
 * own). The asker's address may be forged, so each one is a datagram a stranger made us send to a
 * victim: at most one per source IP a minute, and at most {@link #GLOBAL_PER_SECOND} a second for
 * the node, however many sources ask.
 *
 * <p>The global bucket is charged before the per-IP one, and only after a read-only look at the
 * per-IP one: repeats from one IP cost the node's budget nothing, and new IPs enter the per-IP
 * table no faster than the global rate, so a flood of forged sources cannot churn a victim's entry
 * out of it and buy a second contact within the minute. Lock-free and allocation-free; shared by
 * every event loop.
 */
public final class FirstContactGate {
    /** One first contact per source IP per this long. */
    public static final long PER_IP_INTERVAL_NANOS = 60_000_000_000L;
    /** First contacts per second for the node, and the burst. */
    static final long GLOBAL_PER_SECOND = 10;
    static final long GLOBAL_BURST = 10;
    static final int TABLE_SIZE = 1 << 14;

    private final BucketTable perIp;
    private final SharedBucket global;

    public FirstContactGate(Pace global, int tableSize, long seed, long now) {
        this.perIp = new BucketTable(tableSize, seed);
        this.global = new SharedBucket(global, now);
    }

    /** The node's gate. */
    public static FirstContactGate defaults() {
        return new FirstContactGate(CryptoBudget.pace(GLOBAL_PER_SECOND, GLOBAL_BURST), TABLE_SIZE,
                new SecureRandom().nextLong(), System.nanoTime());
    }

    /** Whether {@code ip} has no first contact this minute, without charging anything: a cheap first look. */
    public boolean mayAcquire(InetAddress ip, long now) {
        return perIp.allows(SourceKeys.ip(ip), PER_IP_INTERVAL_NANOS, PER_IP_INTERVAL_NANOS, now);
    }

    /** Whether a first contact may go to {@code ip} now; when it may, it is charged. */
    public boolean tryAcquire(InetAddress ip, long now) {
        long key = SourceKeys.ip(ip);
        return perIp.allows(key, PER_IP_INTERVAL_NANOS, PER_IP_INTERVAL_NANOS, now)
                && global.tryAcquire(1, 1.0, now)
                && perIp.tryAcquire(key, PER_IP_INTERVAL_NANOS, PER_IP_INTERVAL_NANOS, now);
    }
}
