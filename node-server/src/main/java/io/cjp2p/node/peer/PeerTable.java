package io.cjp2p.node.peer;

import io.cjp2p.codec.EncodedPeers;
import io.cjp2p.codec.RawJson;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The peers this node has verified, keyed by ip:port.
 *
 * <p>Bounded: when full, a new peer is refused until maintenance ages silent ones out, so a flood
 * of verified sources can never grow memory past {@code capacity}. Only cookie-verified sources get
 * in, so forged addresses never do. Per-packet operations are one hash lookup; the list handed out
 * in {@code Peers} replies is a snapshot rebuilt by maintenance, so answering costs no sorting.
 */
public final class PeerTable {
    /** The most entries a verified Peers reply carries (the Rust node's number). */
    public static final int MAX_HANDOUT = 46;

    private final int capacity;
    private final ConcurrentHashMap<InetSocketAddress, PeerEntry> peers;
    /** Every recently verified peer, for requesters on loopback or private networks. */
    private volatile Handout handout = Handout.EMPTY;
    /** Only the public ones among them, for public requesters. */
    private volatile Handout publicHandout = Handout.EMPTY;

    public PeerTable(int capacity) {
        this.capacity = capacity;
        this.peers = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    public int size() {
        return peers.size();
    }

    public int capacity() {
        return capacity;
    }

    public PeerEntry get(InetSocketAddress address) {
        return peers.get(address);
    }

    public boolean contains(InetSocketAddress address) {
        return peers.containsKey(address);
    }

    /**
     * Records a datagram from {@code address} that proved it receives at that address. Creates the
     * entry if there is room.
     *
     * @return the entry, or {@code null} when the table is full
     */
    public PeerEntry verified(InetSocketAddress address, long now) {
        PeerEntry e = peers.get(address);
        if (e == null) {
            // Check-then-insert may overshoot by one entry per concurrent event loop; still bounded.
            if (peers.size() >= capacity) {
                return null;
            }
            e = peers.computeIfAbsent(address, a -> new PeerEntry(a, now));
        }
        e.verified(now);
        return e;
    }

    /** Remembers the peer's cookie so that everything we send it carries AlwaysReturned. */
    public void storeCookie(PeerEntry entry, RawJson cookie) {
        entry.cookie(cookie);
    }

    /** The cookie to return to {@code address}, or {@code null}. */
    public RawJson cookieFor(InetSocketAddress address) {
        PeerEntry e = peers.get(address);
        return e == null ? null : e.cookie();
    }

    /** Peers whose cookie we hold (to return it to them); walks the table, so for scrapes, not packets. */
    public int storedCookies() {
        int n = 0;
        for (PeerEntry e : peers.values()) {
            if (e.cookie() != null) {
                n++;
            }
        }
        return n;
    }

    public void recordRtt(PeerEntry entry, long nanos) {
        entry.rtt(nanos);
    }

    public void markProbed(PeerEntry entry, long now) {
        entry.probed(now);
    }

    /** Forgets peers not verified for {@code ttlNanos}; returns how many went. */
    public int expire(long now, long ttlNanos) {
        int before = peers.size();
        peers.values().removeIf(e -> now - e.lastVerifiedNanos() > ttlNanos);
        return before - peers.size();
    }

    /**
     * Rebuilds the snapshots that {@link #selectEncoded} draws from: peers verified within {@code windowNanos},
     * fastest first (unmeasured peers last).
     */
    public void rebuildHandout(long now, long windowNanos) {
        List<PeerEntry> fresh = new ArrayList<>();
        for (PeerEntry e : peers.values()) {
            if (now - e.lastVerifiedNanos() <= windowNanos) {
                fresh.add(e);
            }
        }
        PeerEntry[] sorted = fresh.toArray(new PeerEntry[0]);
        Arrays.sort(sorted, Comparator.comparingLong(e -> e.rttNanos() == PeerEntry.NO_RTT ? Long.MAX_VALUE : e.rttNanos()));
        // The public one first: a reader that sees the new full list may see the old public one,
        // never the reverse. Either way each list is a consistent snapshot.
        publicHandout = new Handout(Arrays.stream(sorted).filter(PeerEntry::isPublic).toArray(PeerEntry[]::new));
        handout = new Handout(sorted);
    }

    /** The current handout snapshot (fastest first). */
    public PeerEntry[] handout() {
        return handout.entries();
    }

    /**
     * Up to {@code max} recently verified peers for {@code requester}: never the requester itself,
     * and only public addresses when the requester is public. Half come from the fastest (of those
     * it may get), the rest from a random window of the others, so that load spreads across the
     * swarm.
     *
     * <p>The reply refers to runs of the snapshot's pre-rendered list, which the encoder copies
     * straight into the datagram: answering PleaseSendPeers formats no address, assembles no
     * element, and copies a few runs whatever the number of peers.
     */
    public EncodedPeers selectEncoded(InetSocketAddress requester, boolean requesterPublic, int max) {
        return (requesterPublic ? publicHandout : handout).select(requester, max);
    }

    /** Up to {@code n} random peers, least recently probed first among a random sample. */
    public List<PeerEntry> pickForProbe(int n) {
        PeerEntry[] all = peers.values().toArray(new PeerEntry[0]);
        if (all.length <= n) {
            return Arrays.asList(all);
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int sample = Math.min(all.length, 4 * n);
        for (int i = 0; i < sample; i++) {
            int j = i + r.nextInt(all.length - i);
            PeerEntry t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        PeerEntry[] chosen = Arrays.copyOf(all, sample);
        Arrays.sort(chosen, Comparator.comparingLong(PeerEntry::lastProbedNanos));
        return Arrays.asList(Arrays.copyOf(chosen, n));
    }
}
