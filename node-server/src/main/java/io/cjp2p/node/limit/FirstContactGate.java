package io.cjp2p.node.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * Bounds the first contacts we send to unverified askers (a datagram of our own, unasked). The
 * asker's address may be forged, so each one is a datagram a stranger made us send to a victim.
 *
 * <ul>
 *   <li>Only a persistent asker gets one: its ip:port asked before, at least {@code repeatGapNanos}
 *       earlier. A node asks again and again (the Ruby reference every 10 s); a one-shot script, a
 *       scanner or a lone forged datagram does not, and gets no unasked datagram.</li>
 *   <li>At most one per source IP a minute, whatever the port.</li>
 *   <li>At most {@link #GLOBAL_PER_SECOND} a second for the node, however many sources ask.</li>
 * </ul>
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
    /** A second ask this long after the first makes an asker persistent. */
    public static final long REPEAT_GAP_NANOS = 5_000_000_000L;
    /** First contacts per second for the node, and the burst. */
    static final long GLOBAL_PER_SECOND = 10;
    static final long GLOBAL_BURST = 10;
    static final int TABLE_SIZE = 1 << 14;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final BucketTable perIp;
    private final SharedBucket global;
    private final long repeatGapNanos;
    /** First ask seen per ip:port, direct-mapped: a forgotten asker only waits for its next ask. */
    private final long[] askerKeys;
    private final long[] firstAsked;
    private final long seed;

    public FirstContactGate(Pace global, long repeatGapNanos, int tableSize, long seed, long now) {
        this.perIp = new BucketTable(tableSize, seed);
        this.global = new SharedBucket(global, now);
        this.repeatGapNanos = repeatGapNanos;
        int size = Integer.highestOneBit(Math.max(2, tableSize));
        this.askerKeys = new long[size];
        this.firstAsked = new long[size];
        this.seed = seed * 31 + 17;
    }

    /** The node's gate. */
    public static FirstContactGate defaults() {
        return new FirstContactGate(CryptoBudget.pace(GLOBAL_PER_SECOND, GLOBAL_BURST), REPEAT_GAP_NANOS, TABLE_SIZE,
                new SecureRandom().nextLong(), System.nanoTime());
    }

    /** Whether {@code ip} has had no first contact this minute, without charging anything: a cheap first look. */
    public boolean mayAcquire(InetAddress ip, long now) {
        return perIp.allows(SourceKeys.ip(ip), PER_IP_INTERVAL_NANOS, PER_IP_INTERVAL_NANOS, now);
    }

    /**
     * Records an ask from {@code asker} and says whether a first contact may go to it now; when it
     * may, it is charged.
     */
    public boolean tryAcquire(InetSocketAddress asker, long now) {
        long ipKey = SourceKeys.ip(asker.getAddress());
        return perIp.allows(ipKey, PER_IP_INTERVAL_NANOS, PER_IP_INTERVAL_NANOS, now)
                && persistent(ipKey * 65_537 + asker.getPort() + 1, now)
                && global.tryAcquire(1, 1.0, now)
                && perIp.tryAcquire(ipKey, PER_IP_INTERVAL_NANOS, PER_IP_INTERVAL_NANOS, now);
    }

    /** Whether {@code key} asked at least the repeat gap ago; remembers its first ask when it is new. */
    private boolean persistent(long key, long now) {
        int i = (int) BucketTable.mix(key ^ seed) & (askerKeys.length - 1);
        if ((long) SLOT.getAcquire(askerKeys, i) == key) {
            return now - (long) SLOT.getAcquire(firstAsked, i) >= repeatGapNanos;
        }
        SLOT.setRelease(firstAsked, i, now);
        SLOT.setRelease(askerKeys, i, key);
        return false;
    }
}
