package io.cjp2p.node.peer;

import io.cjp2p.codec.Ed25519PublicKey;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which address holds which ed25519 key, both ways: what MyPublicKey, signed proofs and decrypted
 * messages have told us. Kept apart from the peer table, whose entries are verified addresses; a
 * key may be bound to an address that never proved itself (first come, as the Rust node allows).
 *
 * <p>The rules (PROTOCOL.md 5.7, made stricter where Rust's let a stranger take a key over):
 * <ul>
 *   <li>a key never seen is bound to its sender's address, first come, unless that address already
 *       holds another key and the datagram is unverified (a forged source must not unbind a peer);</li>
 *   <li>a key bound elsewhere moves only on {@link Proof#PROVEN}: a verified datagram in which that
 *       key authenticated (signed or encrypted) our cookie for the source, which a captured and
 *       replayed proof cannot do from another IP;</li>
 *   <li>a binding made or refreshed by a verified datagram is marked verified; only those are
 *       vouched for to others (WhereAreThey).</li>
 * </ul>
 *
 * <p>Bounded: when full, a binding from an unverified datagram is refused and a verified one
 * replaces an unverified one; maintenance forgets bindings not refreshed within their time to live.
 * Lookups are lock-free; a change takes one lock (changes are rare: a new key, a moved one).
 */
public final class KeyDirectory {
    /** How strongly the datagram behind a binding vouches for it. */
    public enum Proof {
        /** Unverified: the source may be forged. */
        NONE,
        /** Cookie-verified: the source receives at its address. */
        VERIFIED,
        /** Verified, and the key itself authenticated our cookie for the source. */
        PROVEN
    }

    /** What a binding did. */
    public enum Outcome {
        /** The key was new (a verified datagram also unbinds another key its address held). */
        BOUND,
        /** The key was already bound there; refreshed. */
        SAME,
        /** The key moved to a new address. */
        MOVED,
        /** Nothing changed: no proof, an address taken, or no room. */
        REFUSED
    }

    /** One binding. Replaced whole when it moves, so readers never see half a change. */
    private static final class Binding {
        final Ed25519PublicKey key;
        final InetSocketAddress address;
        volatile boolean verified;
        volatile long lastSeenNanos;

        Binding(Ed25519PublicKey key, InetSocketAddress address, boolean verified, long now) {
            this.key = key;
            this.address = address;
            this.verified = verified;
            this.lastSeenNanos = now;
        }
    }

    private final int capacity;
    private final ConcurrentHashMap<Ed25519PublicKey, Binding> byKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetSocketAddress, Binding> byAddress = new ConcurrentHashMap<>();
    private final Object changes = new Object();

    public KeyDirectory(int capacity) {
        this.capacity = capacity;
    }

    public int size() {
        return byKey.size();
    }

    public int capacity() {
        return capacity;
    }

    /** The address {@code key} is bound to, verified or not; {@code null} when none. */
    public InetSocketAddress addressOf(Ed25519PublicKey key) {
        Binding b = byKey.get(key);
        return b == null ? null : b.address;
    }

    /** The address {@code key} is bound to when a verified datagram made or refreshed the binding; else {@code null}. */
    public InetSocketAddress verifiedAddressOf(Ed25519PublicKey key) {
        Binding b = byKey.get(key);
        return b == null || !b.verified ? null : b.address;
    }

    /** The key bound to {@code address}, or {@code null}. */
    public Ed25519PublicKey keyOf(InetSocketAddress address) {
        Binding b = byAddress.get(address);
        return b == null ? null : b.key;
    }

    /** Whether {@code key} is bound to exactly {@code address} (the common case, answered without a lock). */
    public boolean isBound(Ed25519PublicKey key, InetSocketAddress address) {
        Binding b = byKey.get(key);
        return b != null && b.address.equals(address);
    }

    /** Applies the rules of the class comment to {@code key} seen at {@code address}. */
    public Outcome bind(Ed25519PublicKey key, InetSocketAddress address, Proof proof, long now) {
        boolean verified = proof != Proof.NONE;
        Binding current = byKey.get(key);
        if (current != null && current.address.equals(address)) {
            current.lastSeenNanos = now;
            if (verified) {
                current.verified = true;
            }
            return Outcome.SAME;
        }
        synchronized (changes) {
            current = byKey.get(key);
            Binding occupant = byAddress.get(address);
            if (current != null) {
                if (current.address.equals(address)) {
                    current.lastSeenNanos = now;
                    current.verified |= verified;
                    return Outcome.SAME;
                }
                if (proof != Proof.PROVEN) {
                    return Outcome.REFUSED;
                }
            } else if (occupant != null) {
                if (!verified) {
                    return Outcome.REFUSED;
                }
            } else if (byKey.size() >= capacity && (!verified || !evictOneUnverified())) {
                return Outcome.REFUSED;
            }
            if (current != null) {
                byAddress.remove(current.address, current);
            }
            if (occupant != null) {
                byKey.remove(occupant.key, occupant);
            }
            Binding b = new Binding(key, address, verified, now);
            byKey.put(key, b);
            byAddress.put(address, b);
            return current != null ? Outcome.MOVED : Outcome.BOUND;
        }
    }

    /** Makes room for a verified binding; the caller holds {@link #changes}. */
    private boolean evictOneUnverified() {
        for (Binding b : byKey.values()) {
            if (!b.verified) {
                remove(b);
                return true;
            }
        }
        return false;
    }

    private void remove(Binding b) {
        byKey.remove(b.key, b);
        byAddress.remove(b.address, b);
    }

    /**
     * Forgets bindings not refreshed within their time to live: a short one for unverified bindings
     * (anyone can make those), a longer one for verified ones.
     *
     * @return how many were forgotten
     */
    public int expire(long now, long verifiedTtlNanos, long unverifiedTtlNanos) {
        int expired = 0;
        for (Iterator<Binding> it = byKey.values().iterator(); it.hasNext(); ) {
            Binding b = it.next();
            if (now - b.lastSeenNanos > (b.verified ? verifiedTtlNanos : unverifiedTtlNanos)) {
                synchronized (changes) {
                    if (byKey.get(b.key) == b) {
                        remove(b);
                        expired++;
                    }
                }
            }
        }
        return expired;
    }
}
