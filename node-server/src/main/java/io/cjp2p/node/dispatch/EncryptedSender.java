package io.cjp2p.node.dispatch;

import io.cjp2p.codec.ByteString;
import io.cjp2p.codec.DecodeObserver;
import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.EncryptedMessages;
import io.cjp2p.codec.FastEncryptedMessages;
import io.cjp2p.codec.Forwarded;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MyPublicKey;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.WhereAreThey;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.crypto.Ed25519Keys;
import io.cjp2p.node.crypto.FastEncryption;
import io.cjp2p.node.crypto.NoiseIk;
import io.cjp2p.node.peer.AddressPolicy;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.KeyDirectory;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.IdentityEvent;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.OutboundDatagram;
import io.cjp2p.node.udp.Reachability;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends messages to a key rather than an address, as the Rust node's {@code msgs_to_pub} does: the
 * messages (optionally signed first) are encrypted to the key, and the datagram goes to the address
 * the key is bound to, with the recipient's cookie attached outside the encryption by the reply
 * shaper. The WebSocket bridge's Forward calls {@link #send(Ed25519PublicKey, String, boolean, Runnable)}.
 *
 * <p>When the key's address is unknown, the messages are held (bounded, for {@link #HOLD_NANOS})
 * and the best few peers are asked WhereAreThey. A Forwarded that answers one of those questions,
 * from a peer we asked, names an address that we then probe; nothing in it is trusted. The probe
 * leads to the usual handshake, the key is bound when its holder presents it, and the held
 * messages go out then. Rust instead drops the message and asks 250 peers.
 *
 * <p>Thread-safe: the API may be called from any thread; the held messages take a lock, which the
 * packet path only takes when a key is bound or a Forwarded arrives while a lookup is open.
 */
public final class EncryptedSender {
    /** How to encrypt. */
    public enum Encryption {
        /** {@code EncryptedMessages}: a one-message Noise IK handshake, forward secret for the sender. */
        NOISE,
        /** {@code FastEncryptedMessages}: static-static AES-GCM, cheaper, not forward secret. */
        FAST
    }

    /** What became of a send. */
    public enum Result {
        /** A datagram went to the key's address. */
        SENT,
        /** The address is unknown: held while we ask where the key is. */
        HELD,
        /** Given up: the key is unusable, the hold queue is full, or the node is not running. */
        DROPPED
    }

    /** Sends held at once, over all keys. */
    static final int MAX_HELD = 64;
    /** Keys looked up at once. */
    static final int MAX_LOOKUPS = 16;
    /** How long messages wait for their key's address. */
    static final long HOLD_NANOS = 5_000_000_000L;
    /** Peers asked WhereAreThey per lookup. */
    static final int LOOKUP_FANOUT = 6;

    /** @param gaveUp run when this send, held, is given up; or null */
    private record Held(byte[] plaintext, Encryption how, Runnable gaveUp) {
        void giveUp() {
            if (gaveUp != null) {
                gaveUp.run();
            }
        }
    }

    /** One open question: where is this key? */
    private static final class Lookup {
        final long deadline;
        final List<Held> held = new ArrayList<>(2);
        final Set<InetSocketAddress> asked = new LinkedHashSet<>();

        Lookup(long deadline) {
            this.deadline = deadline;
        }
    }

    private final OwnIdentity own;
    private final KeyDirectory directory;
    private final PeerTable peers;
    private final CandidateSet candidates;
    private final CookieValidator cookies;
    private final NodeEvents events;
    private final MessageDecoder decoder;
    private final DecodeObserver skipped;
    private volatile Channel channel;
    /** Guarded by {@code this}. */
    private final Map<Ed25519PublicKey, Lookup> lookups = new HashMap<>();
    private int heldCount;
    /** Lets the packet path skip the lock while nothing is held. */
    private volatile boolean looking;

    EncryptedSender(OwnIdentity own, KeyDirectory directory, PeerTable peers, CandidateSet candidates,
                    CookieValidator cookies, NodeEvents events, MessageDecoder decoder) {
        this.own = own;
        this.directory = directory;
        this.peers = peers;
        this.candidates = candidates;
        this.cookies = cookies;
        this.events = events;
        this.decoder = decoder;
        this.skipped = events::elementSkipped;
    }

    /** The channel datagrams go out on; until it is set, every send is dropped. */
    void attach(Channel channel) {
        this.channel = channel;
    }

    /** As {@link #send(Ed25519PublicKey, List, boolean, Encryption)} with {@link Encryption#NOISE}. */
    public Result send(Ed25519PublicKey to, List<? extends Message> messages, boolean sign) {
        return send(to, messages, sign, Encryption.NOISE);
    }

    /**
     * Sends {@code messages} to the holder of {@code to} in one datagram.
     *
     * @param sign wrap them in a SignedMessage by our key first (inside the encryption)
     */
    public Result send(Ed25519PublicKey to, List<? extends Message> messages, boolean sign, Encryption how) {
        if (unusable(to)) {
            return Result.DROPPED;
        }
        List<? extends Message> inner = sign ? List.of(own.sign(MessageText.text(messages))) : messages;
        return send(to, new Held(MessageText.bytes(inner), how, null));
    }

    /**
     * Sends a message array given as JSON text, as a browser page's Forward does: kept byte for
     * byte (as the signed payload when {@code sign}), encrypted with Noise IK.
     *
     * @param messagesJson a JSON array of messages; the caller has checked that it is one
     * @param gaveUp       run, on whatever thread gives up, if the send is held and its key never found
     */
    public Result send(Ed25519PublicKey to, String messagesJson, boolean sign, Runnable gaveUp) {
        if (unusable(to)) {
            return Result.DROPPED;
        }
        byte[] plaintext = sign ? MessageText.bytes(List.of(own.sign(messagesJson)))
                : messagesJson.getBytes(StandardCharsets.UTF_8);
        return send(to, new Held(plaintext, Encryption.NOISE, gaveUp));
    }

    private boolean unusable(Ed25519PublicKey to) {
        if (!Ed25519Keys.isValidPublicKey(to.toByteArray()) || to.equals(own.publicKey())) {
            events.identity(IdentityEvent.SEND_DROPPED);
            return true;
        }
        return false;
    }

    private Result send(Ed25519PublicKey to, Held h) {
        InetSocketAddress at = directory.addressOf(to);
        if (at != null) {
            return deliver(to, at, h);
        }
        return hold(to, h, System.nanoTime());
    }

    private Result deliver(Ed25519PublicKey to, InetSocketAddress at, Held h) {
        Channel ch = channel;
        Message encrypted = ch == null ? null : encrypt(to, h);
        if (encrypted == null) {
            events.identity(IdentityEvent.SEND_DROPPED);
            return Result.DROPPED;
        }
        List<Message> datagram = new ArrayList<>(2);
        datagram.add(encrypted);
        ch.writeAndFlush(new OutboundDatagram(at, datagram, null), ch.voidPromise());
        events.identity(IdentityEvent.SENT_ENCRYPTED);
        return Result.SENT;
    }

    private Message encrypt(Ed25519PublicKey to, Held h) {
        if (h.how() == Encryption.FAST) {
            Optional<FastEncryption.Sealed> sealed = FastEncryption.encrypt(own.keys(), to.toByteArray(), h.plaintext());
            return sealed.map(s -> (Message) new FastEncryptedMessages(ByteString.of(s.nonce()), own.publicKey(),
                    ByteString.of(s.ciphertext()))).orElse(null);
        }
        return NoiseIk.encrypt(own.keys(), to.toByteArray(), h.plaintext())
                .map(ct -> (Message) new EncryptedMessages(ByteString.of(ct))).orElse(null);
    }

    private Result hold(Ed25519PublicKey to, Held h, long now) {
        boolean ask;
        synchronized (this) {
            Lookup l = lookups.get(to);
            if (heldCount >= MAX_HELD || (l == null && lookups.size() >= MAX_LOOKUPS)) {
                events.identity(IdentityEvent.SEND_DROPPED);
                return Result.DROPPED;
            }
            ask = l == null;
            if (ask) {
                l = new Lookup(now + HOLD_NANOS);
                lookups.put(to, l);
                looking = true;
            }
            l.held.add(h);
            heldCount++;
            if (ask) {
                l.asked.addAll(bestPeers(LOOKUP_FANOUT));
            }
        }
        events.identity(IdentityEvent.SEND_HELD);
        if (ask) {
            ask(to);
        }
        return Result.HELD;
    }

    /** Sends WhereAreThey to the peers recorded for {@code key}'s lookup. */
    private void ask(Ed25519PublicKey key) {
        Channel ch = channel;
        List<InetSocketAddress> asked;
        synchronized (this) {
            Lookup l = lookups.get(key);
            asked = l == null ? List.of() : List.copyOf(l.asked);
        }
        if (ch == null) {
            return;
        }
        for (InetSocketAddress a : asked) {
            List<Message> q = new ArrayList<>(2);
            q.add(new WhereAreThey(key));
            ch.write(new OutboundDatagram(a, q, null), ch.voidPromise());
        }
        ch.flush();
    }

    /** The fastest recently verified peers, then random ones: whom to ask where a key is. */
    private List<InetSocketAddress> bestPeers(int n) {
        Set<InetSocketAddress> best = new LinkedHashSet<>();
        for (PeerEntry e : peers.handout()) {
            if (best.size() >= n) {
                break;
            }
            best.add(e.address());
        }
        for (PeerEntry e : peers.pickForProbe(n)) {
            if (best.size() >= n) {
                break;
            }
            best.add(e.address());
        }
        return new ArrayList<>(best);
    }

    /** {@code key} was just bound to an address: its held messages go out. Called on the packet path. */
    void keyBound(Ed25519PublicKey key) {
        if (!looking) {
            return;
        }
        Lookup l;
        synchronized (this) {
            l = lookups.remove(key);
            if (l == null) {
                return;
            }
            heldCount -= l.held.size();
            looking = !lookups.isEmpty();
        }
        InetSocketAddress at = directory.addressOf(key);
        for (Held h : l.held) {
            if (at == null || deliver(key, at, h) != Result.SENT) {
                if (at == null) {
                    events.identity(IdentityEvent.SEND_DROPPED);
                }
                h.giveUp();
            }
        }
    }

    /**
     * A Forwarded from {@code from}: when it answers one of our lookups, from a peer we asked, the
     * address it names is probed (our cookie and a peer request, within the candidates' probe
     * interval); its holder's key is bound only when the holder itself presents it.
     */
    IdentityEvent forwarded(InetSocketAddress from, Forwarded f, long now) {
        Channel ch = channel;
        if (!looking || ch == null) {
            return IdentityEvent.FORWARDED_IGNORED;
        }
        List<Message> inner = new ArrayList<>(2);
        byte[] text = f.messages().getBytes(StandardCharsets.UTF_8);
        if (decoder.decode(text, text.length, inner, skipped) != null) {
            return IdentityEvent.FORWARDED_IGNORED;
        }
        boolean answers = false;
        synchronized (this) {
            for (Message m : inner) {
                Lookup l = m instanceof MyPublicKey k ? lookups.get(k.ed25519h()) : null;
                answers |= l != null && l.asked.contains(from);
            }
        }
        InetSocketAddress target = f.src();
        if (!answers || !AddressPolicy.mayBePeer(target)
                || (AddressPolicy.isPublic(from.getAddress()) && !AddressPolicy.isPublic(target.getAddress()))
                || !Reachability.reaches(ch.localAddress(), target) || !candidates.tryProbe(target, now)) {
            return IdentityEvent.FORWARDED_IGNORED;
        }
        List<Message> probe = new ArrayList<>(3);
        probe.add(cookies.cookieMessageFor(target.getAddress()));
        probe.add(PleaseSendPeers.INSTANCE);
        ch.write(new OutboundDatagram(target, probe, null), ch.voidPromise());
        return IdentityEvent.FORWARDED_PROBED;
    }

    /** Drops what was held past its time. Called by maintenance. */
    void tick(long now) {
        if (!looking) {
            return;
        }
        List<Held> dropped = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Lookup> it = lookups.values().iterator(); it.hasNext(); ) {
                Lookup l = it.next();
                if (now - l.deadline >= 0) {
                    dropped.addAll(l.held);
                    heldCount -= l.held.size();
                    it.remove();
                }
            }
            looking = !lookups.isEmpty();
        }
        for (Held h : dropped) {
            events.identity(IdentityEvent.SEND_DROPPED);
            h.giveUp();
        }
    }

    /** Messages waiting for their key's address. */
    public synchronized int held() {
        return heldCount;
    }
}
