package io.cjp2p.node.limit;

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
 * <p>Not thread-safe: each event loop owns its tables (the hot path takes no lock).
 */
public final class BucketTable {
    private static final long EMPTY = 0L;

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
        int slot;
        if (keys[a] == key) {
            slot = a;
        } else if (keys[b] == key) {
            slot = b;
        } else {
            // Take the way that is empty or whose TAT is older: it has the least debt to forget.
            slot = keys[a] == EMPTY || (keys[b] != EMPTY && tats[a] - tats[b] <= 0) ? a : b;
            keys[slot] = key;
            tats[slot] = now;
        }
        long tat = tats[slot];
        long start = tat - now > 0 ? tat : now;
        long next = start + costNanos;
        if (next - now > toleranceNanos) {
            return false;
        }
        tats[slot] = next;
        return true;
    }

    /** The number of buckets; the memory of the table is fixed by it. */
    public int capacity() {
        return keys.length;
    }

    /** Buckets in use (a scan; for tests and diagnostics). */
    public int occupied() {
        int n = 0;
        for (long k : keys) {
            if (k != EMPTY) {
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
