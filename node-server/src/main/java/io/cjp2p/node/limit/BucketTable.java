package io.cjp2p.node.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Token buckets for a bounded number of keys (source IPs or prefixes), in two flat arrays, so a
 * million distinct sources cost exactly as much memory as ten.
 *
 * <p>Each bucket is one GCRA "theoretical arrival time" (TAT): a datagram is allowed when, after
 * paying its cost, the TAT runs no further ahead of the clock than the burst tolerance. A bucket
 * whose TAT is in the past is full, which is exactly what an absent bucket is: evicting it loses
 * nothing. The table is 2-way set associative; a new key takes the way with the older TAT, so only
 * when both ways are in debt does an eviction forgive one. The set index comes from a keyed mix of
 * the key with a random seed, so a forger cannot pick sources that all land on an honest peer's set.
 *
 * <p>Shared by every event loop, so one source IP has one budget however many sockets share the
 * port (the kernel spreads one IP's source ports over them). Lock-free: a charge is a compare-and-set
 * of the TAT. Two loops that race to give a set's way to different keys may, rarely, let one key
 * pay on the other's TAT; a limiter that is off by one datagram now and then is fine.
 */
public final class BucketTable {
    /** Memory per bucket: its key and its TAT, one {@code long} each. */
    public static final int BYTES_PER_BUCKET = 2 * Long.BYTES;
    private static final long EMPTY = 0L;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] keys;
    private final long[] tats;
    private final int setMask;
    private final long seed;

    /**
     * @param capacity buckets, rounded up to a power of two (at least 2)
     * @param seed     hashing seed; use a random one in production
     */
    public BucketTable(int capacity, long seed) {
        int size = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1;
        this.keys = new long[size];
        this.tats = new long[size];
        this.setMask = size / 2 - 1;
        this.seed = seed;
    }

    /**
     * Charges {@code costNanos} to the bucket of {@code key} when it has room.
     *
     * @param key a non-zero key (see {@link SourceKeys})
     * @return true when the event is within budget; false leaves the bucket unchanged
     */
    public boolean tryAcquire(long key, long costNanos, long toleranceNanos, long now) {
        int set = (int) mix(key ^ seed) & setMask;
        int a = set << 1;
        int b = a + 1;
        long keyA = (long) SLOT.getAcquire(keys, a);
        long keyB = (long) SLOT.getAcquire(keys, b);
        int slot;
        if (keyA == key) {
            slot = a;
        } else if (keyB == key) {
            slot = b;
        } else {
            // Take the way that is empty or whose TAT is older: it has the least debt to forget.
            long tatA = (long) SLOT.getAcquire(tats, a);
            long tatB = (long) SLOT.getAcquire(tats, b);
            slot = keyA == EMPTY || (keyB != EMPTY && tatA - tatB <= 0) ? a : b;
            SLOT.setRelease(tats, slot, now);
            SLOT.setRelease(keys, slot, key);
        }
        while (true) {
            long tat = (long) SLOT.getAcquire(tats, slot);
            long start = tat - now > 0 ? tat : now;
            long next = start + costNanos;
            if (next - now > toleranceNanos) {
                return false;
            }
            if (SLOT.compareAndSet(tats, slot, tat, next)) {
                return true;
            }
        }
    }

    /**
     * Whether {@link #tryAcquire} would allow {@code costNanos} for {@code key} now, without charging
     * it or taking a bucket for a new key: an absent key is a full bucket.
     */
    public boolean allows(long key, long costNanos, long toleranceNanos, long now) {
        int a = ((int) mix(key ^ seed) & setMask) << 1;
        int slot = (long) SLOT.getAcquire(keys, a) == key ? a
                : (long) SLOT.getAcquire(keys, a + 1) == key ? a + 1 : -1;
        if (slot < 0) {
            return costNanos <= toleranceNanos;
        }
        long tat = (long) SLOT.getAcquire(tats, slot);
        long start = tat - now > 0 ? tat : now;
        return start + costNanos - now <= toleranceNanos;
    }

    /** The number of buckets; the memory of the table is fixed by it. */
    public int capacity() {
        return keys.length;
    }

    /** Buckets in use (a scan; for tests and diagnostics). */
    public int occupied() {
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if ((long) SLOT.getAcquire(keys, i) != EMPTY) {
                n++;
            }
        }
        return n;
    }

    /** The murmur3 64-bit finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
