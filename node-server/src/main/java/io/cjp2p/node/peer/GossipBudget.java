package io.cjp2p.node.peer;

import java.net.InetAddress;

/**
 * What each gossiper may make us send to addresses it named: within each window, twice the bytes of
 * the gossip it sent us in that window, spent on first contacts.
 *
 * <p>Why: a gossiped address may be a victim, not a node, so without a budget one verified Peers of
 * 5 KB naming 256 victims made us send them 37 KB. Credit is earned only by gossip received in the
 * current window and is gone when the window ends, so old gossip cannot be saved up for a burst.
 *
 * <p>One per event loop and used by that loop only (no locks); keyed by the gossiper's IP in
 * direct-mapped slots. A gossiper that takes over another's slot starts from nothing, which can only
 * lower what either of them may spend, so the bound holds however slots collide.
 */
public final class GossipBudget {
    /** Slots; a power of two. */
    public static final int SLOTS = 1024;
    /** The window: a minute, as the rule is stated. */
    public static final long WINDOW_NANOS = 60_000_000_000L;
    /** Bytes we may send per byte of gossip received. */
    public static final int RATIO = 2;

    private final long windowNanos;
    private final InetAddress[] owners = new InetAddress[SLOTS];
    private final long[] windowStart = new long[SLOTS];
    private final long[] credit = new long[SLOTS];

    public GossipBudget() {
        this(WINDOW_NANOS);
    }

    public GossipBudget(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /**
     * Credits {@code gossipBytes} received from {@code gossiper} at {@code now}.
     *
     * @return the gossiper's slot, for {@link #covers} and {@link #spend}
     */
    public int earn(InetAddress gossiper, int gossipBytes, long now) {
        int slot = (gossiper.hashCode() * 0x9E3779B9 >>> 16) & (SLOTS - 1);
        if (!gossiper.equals(owners[slot]) || now - windowStart[slot] >= windowNanos) {
            owners[slot] = gossiper;
            windowStart[slot] = now;
            credit[slot] = 0;
        }
        credit[slot] += (long) RATIO * gossipBytes;
        return slot;
    }

    /** Whether the slot's credit covers {@code bytes}. */
    public boolean covers(int slot, int bytes) {
        return credit[slot] >= bytes;
    }

    /** Takes {@code bytes} from the slot's credit; call after {@link #covers} said it may. */
    public void spend(int slot, int bytes) {
        credit[slot] -= bytes;
    }

    /** The credit left in a slot. */
    public long remaining(int slot) {
        return credit[slot];
    }
}
