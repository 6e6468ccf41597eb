package io.cjp2p.node.dispatch;

import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.crypto.Ed25519Keys;
import io.cjp2p.node.limit.CryptoBudget;
import io.cjp2p.node.limit.SharedBucket;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.KeyDirectory;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.pipeline.NodeEvents;
import io.netty.channel.Channel;

import java.util.List;

/**
 * The node's identity state, shared by every channel's dispatcher: our key, the key directory, the
 * crypto and chat budgets, and the sender that reaches a key. Each channel's {@link DispatchHandler}
 * makes its own {@link IdentityHandler} over it.
 */
public final class IdentityServices {
    /** A verified binding not refreshed for this long is forgotten. */
    static final long VERIFIED_TTL_NANOS = 3_600_000_000_000L;
    /** An unverified one (anyone can make those) goes sooner. */
    static final long UNVERIFIED_TTL_NANOS = 600_000_000_000L;
    /** Chat lines logged per second, over every sender, and the burst: the log is not a free disk for strangers. */
    static final long CHAT_LINES_PER_SECOND = 20;
    static final long CHAT_BURST = 50;

    private final OwnIdentity own;
    private final KeyDirectory directory;
    private final CryptoBudget budget;
    private final SharedBucket chatLog;
    private final PeerTable peers;
    private final CookieValidator cookies;
    private final RoundTripProbes probes;
    private final NodeEvents events;
    private final MessageDecoder decoder = new MessageDecoder();
    private final EncryptedSender sender;
    private final PageFeed pages = new PageFeed();

    public IdentityServices(Ed25519Keys keys, KeyDirectory directory, CryptoBudget budget, PeerTable peers,
                            CandidateSet candidates, CookieValidator cookies, RoundTripProbes probes, NodeEvents events) {
        this.own = new OwnIdentity(keys);
        this.directory = directory;
        this.budget = budget;
        this.chatLog = new SharedBucket(CryptoBudget.pace(CHAT_LINES_PER_SECOND, CHAT_BURST), System.nanoTime());
        this.peers = peers;
        this.cookies = cookies;
        this.probes = probes;
        this.events = events;
        this.sender = new EncryptedSender(own, directory, peers, candidates, cookies, events, decoder);
    }

    public OwnIdentity own() {
        return own;
    }

    public Ed25519PublicKey publicKey() {
        return own.publicKey();
    }

    public KeyDirectory directory() {
        return directory;
    }

    public EncryptedSender sender() {
        return sender;
    }

    /** What local browser pages are shown of the traffic; a bridge attaches itself here. */
    public PageFeed pages() {
        return pages;
    }

    /** Sends {@code messages} to the holder of {@code to}, encrypted (see {@link EncryptedSender}). */
    public EncryptedSender.Result send(Ed25519PublicKey to, List<? extends Message> messages, boolean sign) {
        return sender.send(to, messages, sign);
    }

    /** The channel our own datagrams (sends to keys, lookups, probes) go out on. */
    public void attach(Channel channel) {
        sender.attach(channel);
    }

    /** Appends our key announcement for a probe to {@code peer}, whose cookie it signs. */
    public void announceTo(PeerEntry peer, List<Message> probe) {
        own.announce(peer.cookie(), probe);
    }

    /** Periodic work: forget stale bindings, give up on held messages. */
    public void tick(long now) {
        directory.expire(now, VERIFIED_TTL_NANOS, UNVERIFIED_TTL_NANOS);
        sender.tick(now);
    }

    /** A dispatcher's share of the work, for one channel. */
    IdentityHandler newHandler() {
        return new IdentityHandler(this);
    }

    CryptoBudget budget() {
        return budget;
    }

    SharedBucket chatLog() {
        return chatLog;
    }

    PeerTable peers() {
        return peers;
    }

    CookieValidator cookies() {
        return cookies;
    }

    RoundTripProbes probes() {
        return probes;
    }

    NodeEvents events() {
        return events;
    }

    MessageDecoder decoder() {
        return decoder;
    }
}
