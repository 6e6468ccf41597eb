package io.cjp2p.node.peer;

import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.RawJson;

import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What we know of one peer. Fields are written by whichever event loop saw the peer last; plain
 * volatile writes are enough because every field is a latest-value-wins observation.
 */
public final class PeerEntry {
    /** RTT not yet measured. */
    public static final long NO_RTT = -1;

    private final InetSocketAddress address;
    private final boolean publicAddress;
    /** The address as a Peers entry, rendered once: a peer is handed out far more often than it is created. */
    private final byte[] wireEntry;
    /** {@code address.hashCode()}, kept so that a reply can skip its requester by comparing one int. */
    private final int addressHash;
    /** The groups the address is counted in for diversity, as {@link AddressGroup#groupsOf} gives them. */
    private final AddressGroup[] groups;
    /** When the entry was made: a datagram received then was the peer's first verified contact. */
    private final long createdNanos;
    /** The last datagram that proved the peer receives at its address; unverified ones prove nothing. */
    private volatile long lastVerifiedNanos;
    private volatile long lastProbedNanos;
    private volatile long rttNanos = NO_RTT;
    /** Probes sent since the peer last answered one; drives {@link ProbeBackoff}. */
    private volatile int unansweredProbes;
    /** When the next probe is due ({@link ProbeBackoff}); meaningful while a probe is unanswered. */
    private volatile long nextProbeNanos;
    private volatile RawJson cookie;
    /** The peer's ed25519 public key (32 bytes, never modified once set), or {@code null} while unknown. */
    private volatile byte[] publicKey;
    /** Answers to our content requests it may still send past the rate limit (see {@link #expectReply}). */
    private final AtomicInteger expectedReplies = new AtomicInteger();
    /** Credit beyond this is not kept: lost requests must not add up to a flood it may send later. */
    public static final int MAX_EXPECTED_REPLIES = 1024;

    PeerEntry(InetSocketAddress address, long now) {
        this(address, AddressGroup.groupsOf(address.getAddress()), now);
    }

    PeerEntry(InetSocketAddress address, AddressGroup[] groups, long now) {
        this.address = address;
        this.groups = groups;
        this.publicAddress = AddressPolicy.isPublic(address.getAddress());
        this.wireEntry = MessageEncoder.addressBytes(address);
        this.addressHash = address.hashCode();
        this.lastVerifiedNanos = now;
        this.createdNanos = now;
    }

    public InetSocketAddress address() {
        return address;
    }

    /**
     * We sent this verified peer one content request: one datagram from it is an answer we asked
     * for, which the inbound rate limit lets pass (at 500 datagrams a second a download would crawl).
     * The credit is bounded, so a peer can send past the limit only as many datagrams as we asked for.
     */
    public void expectReply() {
        expectedReplies.getAndUpdate(n -> n < MAX_EXPECTED_REPLIES ? n + 1 : n);
    }

    /** Takes one expected answer, if any is left: whether this datagram passes as one. */
    public boolean takeExpectedReply() {
        int n;
        do {
            n = expectedReplies.get();
            if (n == 0) {
                return false;
            }
        } while (!expectedReplies.compareAndSet(n, n - 1));
        return true;
    }

    /** The quoted address as it appears in a Peers list (shared; do not modify). */
    byte[] wireEntry() {
        return wireEntry;
    }

    int addressHash() {
        return addressHash;
    }

    /** Shared; do not modify. */
    AddressGroup[] groups() {
        return groups;
    }

    /** The /16 or /48 the peer is in. */
    AddressGroup network() {
        return groups[AddressGroup.NETWORK];
    }

    public boolean isPublic() {
        return publicAddress;
    }

    public long createdNanos() {
        return createdNanos;
    }

    public long lastVerifiedNanos() {
        return lastVerifiedNanos;
    }

    public long lastProbedNanos() {
        return lastProbedNanos;
    }

    public long rttNanos() {
        return rttNanos;
    }

    public int unansweredProbes() {
        return unansweredProbes;
    }

    public long nextProbeNanos() {
        return nextProbeNanos;
    }

    /** The body of the peer's PleaseAlwaysReturnThisMessage, echoed as AlwaysReturned; may be {@code null}. */
    public RawJson cookie() {
        return cookie;
    }

    /** The peer's ed25519 public key (a copy), or {@code null} while we have not learned it. */
    public byte[] publicKey() {
        byte[] k = publicKey;
        return k == null ? null : k.clone();
    }

    /** Whether we know the peer's key; no copy. */
    public boolean hasPublicKey() {
        return publicKey != null;
    }

    /** The key as 64 lowercase hex digits, or {@code null} while unknown. */
    public String publicKeyHex() {
        byte[] k = publicKey;
        return k == null ? null : HexFormat.of().formatHex(k);
    }

    void verified(long now) {
        lastVerifiedNanos = now;
    }

    void probed(long now) {
        lastProbedNanos = now;
    }

    /** A measured round trip is an answer to our probe: the backoff starts over. */
    void rtt(long nanos) {
        rttNanos = nanos;
        unansweredProbes = 0;
        nextProbeNanos = 0;
    }

    void probeScheduled(int unanswered, long nextNanos) {
        unansweredProbes = unanswered;
        nextProbeNanos = nextNanos;
    }

    void cookie(RawJson body) {
        cookie = body;
    }

    /** {@code key} is a private copy: it is never modified afterwards. */
    void publicKey(byte[] key) {
        publicKey = key;
    }
}
