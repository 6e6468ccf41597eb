package io.cjp2p.node.peer;

import io.cjp2p.codec.RawJson;

import java.net.InetAddress;
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
 * <p>Bounded: a flood of verified sources can never grow memory past {@code capacity}. Only
 * cookie-verified sources get in, so forged addresses never do. Diverse: a cookie serves every port
 * of an IP and an operator may hold many IPs, so {@link DiversityCaps} bound what one IP, subnet
 * and network may hold; when the table is full, a newcomer from a network less represented than
 * the largest takes the place of that network's stalest entry, and any other newcomer is refused
 * until maintenance ages silent peers out. Per-packet operations on a known peer are one hash
 * lookup; the list handed out in {@code Peers} replies is a snapshot rebuilt by maintenance (see
 * {@link HandoutOrder}), so answering costs no sorting.
 */
public final class PeerTable {
    /** The most entries a verified Peers reply carries (the Rust node's number). */
    public static final int MAX_HANDOUT = 46;
    private static final int REFUSED_BITS = 6;

    private record Refused(InetAddress ip, long version) {
    }

    private final int capacity;
    private final DiversityCaps caps;
    private final ConcurrentHashMap<InetSocketAddress, PeerEntry> peers;
    /**
     * Taken to add or remove entries, so that the group counts stay in step with the table and
     * an eviction is one step. Adding is rare (a verified newcomer) and a refusal is decided from
     * the counts before taking it; a known peer's datagram never takes it.
     */
    private final Object changes = new Object();
    private final GroupIndex groups = new GroupIndex();
    /** Bumped after every entry added or removed (under {@link #changes}): a refusal stands while it is unchanged. */
    private volatile long version;
    /**
     * IPs refused admission and the {@link #version} they were refused at, direct-mapped by hash.
     * Admission depends only on the IP and the table, so a refused sender's next datagrams are
     * refused by one comparison instead of recounting its groups, which allocates them. Event loops
     * may overwrite each other's slots; each slot holds an immutable pair, so a reader sees one whole.
     */
    private final Refused[] refused = new Refused[1 << REFUSED_BITS];
    /** Peers of an earlier run that have not answered yet; not in the table, never handed out. */
    private final RememberedPeers remembered;
    /** Every peer verified within the handout window at the last rebuild, fastest first. */
    private volatile PeerEntry[] recent = new PeerEntry[0];
    /** Recently verified peers, for requesters on loopback or private networks. */
    private volatile Handout handout = Handout.EMPTY;
    /** Only the public ones among them, for public requesters. */
    private volatile Handout publicHandout = Handout.EMPTY;

    /** A table with the {@link DiversityCaps#DEFAULT} caps. */
    public PeerTable(int capacity) {
        this(capacity, DiversityCaps.DEFAULT);
    }

    public PeerTable(int capacity, DiversityCaps caps) {
        this.capacity = capacity;
        this.caps = caps;
        this.peers = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
        this.remembered = new RememberedPeers(capacity);
    }

    public int size() {
        return peers.size();
    }

    public int capacity() {
        return capacity;
    }

    public DiversityCaps caps() {
        return caps;
    }

    /** Distinct IPs among the entries (a host may run several nodes on several ports). */
    public int uniqueIps() {
        return groups.hosts();
    }

    /** Entries the table holds in {@code group}, as counted on insert and removal. */
    int countIn(AddressGroup group) {
        return groups.count(group);
    }

    /** Groups with at least one entry, at every level. */
    int groupsCounted() {
        return groups.groups();
    }

    public PeerEntry get(InetSocketAddress address) {
        return peers.get(address);
    }

    public boolean contains(InetSocketAddress address) {
        return peers.containsKey(address);
    }

    /**
     * Records a datagram from {@code address} that proved it receives at that address. Creates the
     * entry if its groups are within their caps and there is room, or an over-represented network
     * can make room.
     *
     * @return the entry, or {@code null} when the newcomer is refused
     */
    public PeerEntry verified(InetSocketAddress address, long now) {
        PeerEntry e = peers.get(address);
        if (e == null) {
            e = admit(address, now);
            if (e == null) {
                return null;
            }
        }
        e.verified(now);
        return e;
    }

    private PeerEntry admit(InetSocketAddress address, long now) {
        InetAddress ip = address.getAddress();
        long v = version; // read first: a change while we count makes the refusal below stale, not wrong
        int slot = (ip.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - REFUSED_BITS);
        Refused r = refused[slot];
        if (r != null && r.version() == v && r.ip().equals(ip)) {
            return null;
        }
        AddressGroup[] g = AddressGroup.groupsOf(ip);
        if (!admissible(g)) {
            refused[slot] = new Refused(ip, v);
            return null; // decided without the lock: under attack, most newcomers end here
        }
        synchronized (changes) {
            PeerEntry e = peers.get(address);
            if (e != null) {
                return e; // another event loop added it meanwhile
            }
            if (!admissible(g)) {
                return null;
            }
            if (peers.size() >= capacity) {
                remove(groups.evictionCandidate());
            }
            e = new PeerEntry(address, g, now);
            SavedPeer before = remembered.claim(address);
            if (before != null) {
                restore(e, before);
            }
            peers.put(address, e);
            groups.add(e);
            version++;
            return e;
        }
    }

    /**
     * Within every cap, and, when the table is full, from a network with at least two fewer entries
     * than the largest: after the swap it is still no larger than that one, so the two never take
     * turns evicting each other, and a newcomer from the largest network is always refused.
     */
    private boolean admissible(AddressGroup[] g) {
        return groups.fits(g, caps)
                && (peers.size() < capacity || groups.count(g[AddressGroup.NETWORK]) + 1 < groups.largestNetwork());
    }

    /** Removes {@code e} if it is still in the table; the caller holds {@link #changes}. */
    private boolean remove(PeerEntry e) {
        if (!peers.remove(e.address(), e)) {
            return false;
        }
        groups.remove(e);
        version++;
        return true;
    }

    /**
     * A peer of an earlier run has answered again: it gets back the key we had learned (until it tells
     * us another) and its old round trip (until a probe measures a new one).
     */
    private void restore(PeerEntry e, SavedPeer before) {
        byte[] key = before.publicKey();
        if (key != null) {
            e.publicKey(key);
        }
        if (before.rttNanos() != PeerEntry.NO_RTT) {
            e.rtt(before.rttNanos());
        }
    }

    /**
     * Records {@code key} as the ed25519 public key of the peer at {@code address}, replacing any
     * earlier one; for whoever learns it (a MyPublicKey from that peer, say).
     *
     * @return false when no peer has that address (the key is then not kept)
     * @throws IllegalArgumentException when {@code key} is not 32 bytes
     */
    public boolean bindKey(InetSocketAddress address, byte[] key) {
        if (key.length != SavedPeer.KEY_BYTES) {
            throw new IllegalArgumentException("an ed25519 public key has 32 bytes, not " + key.length);
        }
        PeerEntry e = peers.get(address);
        if (e == null) {
            return false;
        }
        e.publicKey(key.clone());
        return true;
    }

    /**
     * Takes peers of an earlier run as candidates to re-verify (see {@link RememberedPeers}), skipping
     * those already in the table and any beyond the table's capacity.
     *
     * @return how many were taken
     */
    public int remember(List<SavedPeer> saved) {
        int taken = 0;
        synchronized (changes) { // so that none is added while admission claims it
            for (SavedPeer p : saved) {
                if (!peers.containsKey(p.address()) && remembered.add(p)) {
                    taken++;
                }
            }
        }
        return taken;
    }

    /** Peers of an earlier run that have not answered yet. */
    public RememberedPeers remembered() {
        return remembered;
    }

    /**
     * What to save for the next run: every entry of the table, then every remembered peer that has not
     * answered yet. {@code nowNanos} and {@code nowMillis} are the same moment on the two clocks, to
     * turn the entries' verification times into wall-clock times.
     */
    public List<SavedPeer> toSave(long nowNanos, long nowMillis) {
        List<SavedPeer> out = new ArrayList<>(peers.size() + remembered.size());
        for (PeerEntry e : peers.values()) {
            long ago = Math.max(0, nowNanos - e.lastVerifiedNanos()) / 1_000_000L;
            out.add(new SavedPeer(e.address(), e.publicKey(), e.rttNanos(), nowMillis - ago));
        }
        for (SavedPeer p : remembered.snapshot()) {
            if (!peers.containsKey(p.address())) {
                out.add(p);
            }
        }
        return out;
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
        int expired = 0;
        for (PeerEntry e : peers.values()) {
            if (now - e.lastVerifiedNanos() > ttlNanos) {
                synchronized (changes) {
                    if (remove(e)) {
                        expired++;
                    }
                }
            }
        }
        return expired;
    }

    /**
     * Rebuilds the snapshots that {@link #selectEncoded} draws from: peers verified within {@code windowNanos},
     * fastest first (unmeasured peers last), as far as {@link HandoutOrder} lets each network in.
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
        PeerEntry[] publicOnes = Arrays.stream(sorted).filter(PeerEntry::isPublic).toArray(PeerEntry[]::new);
        Handout all = HandoutOrder.build(sorted);
        // On a public node every peer is usually public: one snapshot then serves both (a build is
        // about 1 ms for 10 000 peers, on an event loop).
        publicHandout = publicOnes.length == sorted.length ? all : HandoutOrder.build(publicOnes);
        handout = all;
        recent = sorted;
    }

    /**
     * The peers verified within the handout window at the last rebuild, fastest first: what replies
     * draw from, before {@link HandoutOrder} cuts over-represented networks down.
     */
    public PeerEntry[] handout() {
        return recent;
    }

    /**
     * Up to {@code max} (at most {@link #MAX_HANDOUT}) recently verified peers for {@code requester}:
     * never the requester itself, and only public addresses when the requester is public. Half come
     * from the fastest (of those it may get), the rest from a random window of the others, so that
     * load spreads across the swarm; no network (/16 or /48) has more than
     * {@link HandoutOrder#PER_NETWORK} of them. A single one (for an unverified requester) is a random
     * peer with a measured RTT.
     *
     * <p>The reply refers to runs of the snapshot's pre-rendered list, which the encoder copies
     * straight into the datagram: answering PleaseSendPeers formats no address, assembles no
     * element, and copies a few runs whatever the number of peers.
     */
    public EncodedPeers selectEncoded(InetSocketAddress requester, boolean requesterPublic, int max) {
        return (requesterPublic ? publicHandout : handout).select(requester, Math.min(max, MAX_HANDOUT));
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
