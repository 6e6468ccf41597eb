package io.cjp2p.node.peer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Addresses learned from gossip that we have not verified yet.
 *
 * <p>A gossiped address may be a victim rather than a node, so it is never handed out, and it is
 * probed at most once per {@code probeInterval}: the probe history outlives the candidate, so
 * gossiping the same address again does not make us send to it again. Both maps are bounded.
 */
public final class CandidateSet {
    private final int capacity;
    private final long probeIntervalNanos;
    private final ConcurrentHashMap<InetSocketAddress, Boolean> candidates = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, Long> lastProbe = new ConcurrentHashMap<>();

    public CandidateSet(int capacity, long probeIntervalNanos) {
        this.capacity = capacity;
        this.probeIntervalNanos = probeIntervalNanos;
    }

    /** Adds an address unless the set is full; returns whether it was added. */
    public boolean offer(InetSocketAddress address) {
        if (candidates.size() >= capacity || candidates.containsKey(address)) {
            return false;
        }
        return candidates.putIfAbsent(address, Boolean.TRUE) == null;
    }

    public int size() {
        return candidates.size();
    }

    /** Addresses probed recently (kept to enforce the probe interval). */
    public int probeHistorySize() {
        return lastProbe.size();
    }

    /**
     * Takes up to {@code n} candidates that may be probed now and records the probe; candidates
     * probed within the interval are dropped. Called from maintenance only.
     */
    public List<InetSocketAddress> takeForProbe(int n, long now) {
        List<InetSocketAddress> out = new ArrayList<>(n);
        Iterator<InetSocketAddress> it = candidates.keySet().iterator();
        while (it.hasNext() && out.size() < n) {
            InetSocketAddress a = it.next();
            it.remove();
            if (tryProbe(a, now)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Records a probe to {@code address} unless one was sent within the interval. */
    public boolean tryProbe(InetSocketAddress address, long now) {
        Long last = lastProbe.get(address);
        if (last != null && now - last < probeIntervalNanos) {
            return false;
        }
        if (lastProbe.size() >= 4 * capacity && last == null) {
            return false;
        }
        lastProbe.put(address, now);
        return true;
    }

    /** Whether {@code address} was probed within the interval (so offering it now would not get it probed). */
    public boolean recentlyProbed(InetSocketAddress address, long now) {
        Long last = lastProbe.get(address);
        return last != null && now - last < probeIntervalNanos;
    }

    /** Forgets probe times older than the interval. */
    public void prune(long now) {
        lastProbe.values().removeIf(t -> now - t >= probeIntervalNanos);
    }

    public void remove(InetSocketAddress address) {
        candidates.remove(address);
    }
}
