package io.cjp2p.node.peer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peers of an earlier run, waiting to answer us again. They are not in the peer table, so they are
 * never handed out: an address that was a node an hour ago may be anything now. Maintenance probes
 * them (silent ones less and less often, as {@link ProbeBackoff} says), and the first one to prove
 * it receives at its address enters the table with what we knew of it ({@link PeerTable#verified}).
 *
 * <p>Until then they are saved again with the table, so a restart, or a network that is down when the
 * node starts, loses none of them; they are given up {@link #KEEP_MILLIS} after their last
 * verification. Bounded by the table's capacity.
 */
public final class RememberedPeers {
    /** A peer silent for a week is not worth probing any more. */
    public static final long KEEP_MILLIS = 7L * 24 * 3600 * 1000;

    private final int capacity;
    private final ConcurrentHashMap<InetSocketAddress, Pending> pending = new ConcurrentHashMap<>();

    /** Probe state of one remembered peer; changed by maintenance only. */
    private static final class Pending {
        final SavedPeer saved;
        int unanswered;
        long nextProbeNanos;

        Pending(SavedPeer saved) {
            this.saved = saved;
        }
    }

    RememberedPeers(int capacity) {
        this.capacity = capacity;
    }

    public int size() {
        return pending.size();
    }

    public boolean contains(InetSocketAddress address) {
        return pending.containsKey(address);
    }

    /** Adds {@code peer} unless the set is full or already holds its address. */
    boolean add(SavedPeer peer) {
        if (pending.size() >= capacity) {
            return false;
        }
        return pending.putIfAbsent(peer.address(), new Pending(peer)) == null;
    }

    /** Removes and returns what we remembered of {@code address}, or {@code null}. */
    SavedPeer claim(InetSocketAddress address) {
        if (pending.isEmpty()) {
            return null; // the usual case once every remembered peer has answered or been given up
        }
        Pending p = pending.remove(address);
        return p == null ? null : p.saved;
    }

    /**
     * Up to {@code n} remembered peers due for a probe at {@code now}, each recorded as probed: first
     * those never probed (so that silent ones, due again a tick later, cannot keep the rest waiting),
     * then those that have waited out the backoff of their unanswered probes.
     */
    public List<InetSocketAddress> takeForProbe(int n, long now, ProbeBackoff backoff) {
        List<InetSocketAddress> out = new ArrayList<>(Math.min(n, pending.size()));
        for (int pass = 0; pass < 2; pass++) {
            for (Pending p : pending.values()) {
                if (out.size() >= n) {
                    return out;
                }
                boolean due = pass == 0 ? p.unanswered == 0 : p.unanswered > 0 && now - p.nextProbeNanos >= 0;
                if (due) {
                    p.nextProbeNanos = now + backoff.delayNanos(p.unanswered);
                    p.unanswered++;
                    out.add(p.saved.address());
                }
            }
        }
        return out;
    }

    /** Gives up those last verified more than {@link #KEEP_MILLIS} before {@code nowMillis}; returns how many. */
    public int expire(long nowMillis) {
        int before = pending.size();
        pending.values().removeIf(p -> nowMillis - p.saved.lastVerifiedMillis() > KEEP_MILLIS);
        return before - pending.size();
    }

    /** What is remembered, to be saved again. */
    List<SavedPeer> snapshot() {
        List<SavedPeer> out = new ArrayList<>(pending.size());
        for (Pending p : pending.values()) {
            out.add(p.saved);
        }
        return out;
    }
}
