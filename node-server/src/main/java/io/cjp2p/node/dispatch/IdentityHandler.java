package io.cjp2p.node.dispatch;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.ByteString;
import io.cjp2p.codec.ChatMessage;
import io.cjp2p.codec.DecodeObserver;
import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.EncryptedMessages;
import io.cjp2p.codec.FastEncryptedMessages;
import io.cjp2p.codec.Forwarded;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MyPublicKey;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.ReturnedMessage;
import io.cjp2p.codec.SignedMessage;
import io.cjp2p.codec.WhereAreThey;
import io.cjp2p.node.config.Version;
import io.cjp2p.node.cookie.CookieCheckHandler;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.crypto.Decryption;
import io.cjp2p.node.crypto.Ed25519Keys;
import io.cjp2p.node.crypto.FastEncryption;
import io.cjp2p.node.crypto.KeyConversion;
import io.cjp2p.node.crypto.NoiseIk;
import io.cjp2p.node.peer.KeyDirectory;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.pipeline.IdentityEvent;
import io.cjp2p.node.pipeline.MessageType;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.ValidatedDatagram;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One channel's handling of the identity messages of a datagram, called by its {@link
 * DispatchHandler}: {@link #begin} for each datagram, {@link #handle} for each identity message,
 * {@link #finish} after the last.
 *
 * <ul>
 *   <li>MyPublicKey binds the key to the sender by {@link KeyDirectory}'s rules, and gives the
 *       sender's peer entry its key;</li>
 *   <li>SignedMessage is verified (Ed25519 over the exact payload bytes; a repeat of one found good
 *       is recognised, see {@link CheckedSignatures}), EncryptedMessages and
 *       FastEncryptedMessages are opened with our key, each within the {@code CryptoBudget}; their
 *       payload is then shown to browser pages ({@link PageFeed}) and handled with the signer or
 *       sender known. An AlwaysReturned with our cookie
 *       inside verifies the datagram from there on, as a top-level one would, and is the signer's
 *       proof for moving its key. Inside, only identity messages, cookies and round-trip requests
 *       are acted on;</li>
 *   <li>WhereAreThey is answered with a Forwarded naming the key's verified address, else not at
 *       all; the reply shaper holds an unverified asker's reply to the 2x rule;</li>
 *   <li>Forwarded may answer one of our lookups ({@link EncryptedSender}); it is trusted for nothing;</li>
 *   <li>ChatMessage from an authenticated sender (in a signed or encrypted payload, or a verified
 *       datagram) is logged with the sender's key; {@code /ping} and {@code /version} are answered
 *       as Rust answers them, to verified senders only.</li>
 * </ul>
 *
 * On a first verified contact and in every reply to a verified PleaseSendPeers, {@link #finish}
 * adds our key announcement, as Rust sends it. Not thread-safe: one per channel, on its event loop.
 */
final class IdentityHandler {
    /** Containers opened inside one another (a signed message in an encrypted one is two). */
    static final int MAX_DEPTH = 3;
    private static final int MAX_PROVEN = 4;

    private final IdentityServices s;
    private final KeyDirectory directory;
    private final NodeEvents events;
    private final DecodeObserver skipped;
    private final CheckedSignatures checked = new CheckedSignatures();

    // The datagram being handled, set by begin().
    private ValidatedDatagram datagram;
    private InetSocketAddress sender;
    private List<Message> answers;
    private long now;
    /** Keys that authenticated our cookie for the sender in this datagram: their proof of address. */
    private final Ed25519PublicKey[] proven = new Ed25519PublicKey[MAX_PROVEN];
    private int provenCount;

    IdentityHandler(IdentityServices s) {
        this.s = s;
        this.directory = s.directory();
        this.events = s.events();
        this.skipped = events::elementSkipped;
    }

    static boolean handles(Message m) {
        return m instanceof MyPublicKey || m instanceof SignedMessage || m instanceof EncryptedMessages
                || m instanceof FastEncryptedMessages || m instanceof WhereAreThey || m instanceof Forwarded
                || m instanceof ChatMessage;
    }

    /** The key bound to {@code address}, or null. */
    Ed25519PublicKey keyOf(InetSocketAddress address) {
        return directory.keyOf(address);
    }

    /** Starts a datagram; {@code answers} is the reply being assembled. */
    void begin(ValidatedDatagram d, List<Message> answers) {
        this.datagram = d;
        this.sender = d.datagram().sender();
        this.answers = answers;
        this.now = d.datagram().receivedNanos();
        java.util.Arrays.fill(proven, 0, provenCount, null);
        this.provenCount = 0;
    }

    /** Handles one top-level identity message. */
    void handle(Message m) {
        handle(m, null, 0);
    }

    /**
     * @param signer the key that authenticated the payload {@code m} came in, or {@code null}
     * @param depth  containers already opened around {@code m}
     */
    private void handle(Message m, Ed25519PublicKey signer, int depth) {
        if (m instanceof MyPublicKey k) {
            bind(k.ed25519h(), false);
        } else if (m instanceof SignedMessage sm) {
            openSigned(sm, depth);
        } else if (m instanceof EncryptedMessages e) {
            openNoise(e, depth);
        } else if (m instanceof FastEncryptedMessages f) {
            openFast(f, depth);
        } else if (m instanceof WhereAreThey q) {
            answerLookup(q);
        } else if (m instanceof Forwarded f) {
            events.identity(s.sender().forwarded(sender, f, now));
        } else if (m instanceof ChatMessage c) {
            chat(c, signer);
        }
    }

    private void openSigned(SignedMessage sm, int depth) {
        if (tooDeep(depth)) {
            return;
        }
        byte[] signed = sm.signedBytes();
        byte[] key = sm.ed25519().toByteArray();
        byte[] signature = sm.signature().toByteArray();
        if (!checked.contains(key, signature, signed)) {
            if (!charge()) {
                return;
            }
            if (!Ed25519Keys.verify(key, signed, signature)) {
                events.identity(IdentityEvent.SIGNATURE_INVALID);
                return;
            }
            checked.add(key, signature, signed);
        }
        events.identity(IdentityEvent.SIGNATURE_VALID);
        open(signed, sm.ed25519(), depth + 1, false);
    }

    private void openNoise(EncryptedMessages e, int depth) {
        if (tooDeep(depth) || !charge()) {
            return;
        }
        if (!(NoiseIk.decrypt(s.own().keys(), e.base64().toByteArray()) instanceof Decryption.Opened opened)) {
            events.identity(IdentityEvent.DECRYPTION_FAILED);
            return;
        }
        // The sender's X25519 key stands for two ed25519 keys (the sign of x is lost): the one we
        // have bound to an address is the sender. Rust drops the message when neither is known.
        Ed25519PublicKey from = null;
        for (byte[] candidate : KeyConversion.ed25519Candidates(opened.senderX25519())) {
            Ed25519PublicKey k = Ed25519PublicKey.of(candidate);
            if (directory.addressOf(k) != null) {
                from = k;
                break;
            }
        }
        if (from == null) {
            events.identity(IdentityEvent.SENDER_UNKNOWN);
            return;
        }
        events.identity(IdentityEvent.DECRYPTED);
        open(opened.plaintext(), from, depth + 1, true);
    }

    private void openFast(FastEncryptedMessages f, int depth) {
        if (tooDeep(depth) || !charge()) {
            return;
        }
        Decryption r = FastEncryption.decrypt(s.own().keys(), f.sender().toByteArray(), f.nonce().toByteArray(),
                f.ciphertext().toByteArray());
        if (!(r instanceof Decryption.Opened opened)) {
            events.identity(IdentityEvent.DECRYPTION_FAILED);
            return;
        }
        events.identity(IdentityEvent.DECRYPTED);
        open(opened.plaintext(), f.sender(), depth + 1, true);
    }

    /**
     * Handles an authenticated payload: its AlwaysReturned first (it may verify the datagram and is
     * {@code by}'s proof of address), then, for an encrypted one, the sender's binding, then the
     * messages with {@code by} as their signer.
     */
    private void open(byte[] payload, Ed25519PublicKey by, int depth, boolean bindSender) {
        List<Message> inner = new ArrayList<>(4);
        if (s.decoder().decode(payload, payload.length, inner, skipped) != null) {
            events.identity(IdentityEvent.BAD_PAYLOAD);
            return;
        }
        CookieValidator cookies = s.cookies();
        boolean ourCookie = false;
        for (Message m : inner) {
            ourCookie |= m instanceof AlwaysReturned ar
                    && cookies.check(sender.getAddress(), ar.body()) != CookieValidator.Result.INVALID;
        }
        if (ourCookie) {
            if (!datagram.verified()) {
                upgrade();
            }
            if (provenCount < MAX_PROVEN) {
                proven[provenCount++] = by;
            }
        }
        if (bindSender) {
            bind(by, true);
        }
        if (s.pages().active()) {
            s.pages().authenticated(sender, by, payload, datagram.verified());
        }
        for (Message m : inner) {
            events.messageReceived(MessageType.of(m.type()));
            if (handles(m)) {
                handle(m, by, depth);
            } else if (m instanceof PleaseReturnThisMessage p) {
                answers.add(new ReturnedMessage(p.body()));
            }
        }
    }

    /** The datagram proved its source from inside a payload: from now on it is a verified one. */
    private void upgrade() {
        PeerEntry peer = s.peers().verified(sender, now);
        RawJson theirs = datagram.theirCookie();
        if (peer != null && CookieCheckHandler.storable(theirs)) {
            s.peers().storeCookie(peer, theirs);
        }
        datagram.upgrade(peer);
    }

    /**
     * Binds {@code key} to the sender. A key that is already bound there costs nothing more; any
     * other first has its point checked (within the budget) unless a signature or decryption with
     * it already did.
     */
    private void bind(Ed25519PublicKey key, boolean pointChecked) {
        KeyDirectory.Proof proof = !datagram.verified() ? KeyDirectory.Proof.NONE
                : isProven(key) ? KeyDirectory.Proof.PROVEN : KeyDirectory.Proof.VERIFIED;
        if (!directory.isBound(key, sender)) {
            if (key.equals(s.own().publicKey())) {
                events.identity(IdentityEvent.INVALID_KEY);
                return;
            }
            if (!pointChecked && (!charge() || !validPoint(key))) {
                return;
            }
        }
        switch (directory.bind(key, sender, proof, now)) {
            case BOUND -> {
                events.identity(IdentityEvent.KEY_BOUND);
                s.peers().bindKey(sender, key.toByteArray());
                s.sender().keyBound(key);
            }
            case MOVED -> {
                events.identity(IdentityEvent.KEY_MOVED);
                s.peers().bindKey(sender, key.toByteArray());
                s.sender().keyBound(key);
            }
            case REFUSED -> events.identity(IdentityEvent.KEY_REFUSED);
            case SAME -> {
                // The peer entry may be younger than the binding (made by an unverified datagram).
                PeerEntry peer = datagram.peer();
                if (peer != null && !peer.hasPublicKey()) {
                    s.peers().bindKey(sender, key.toByteArray());
                }
            }
        }
    }

    private boolean validPoint(Ed25519PublicKey key) {
        if (Ed25519Keys.isValidPublicKey(key.toByteArray())) {
            return true;
        }
        events.identity(IdentityEvent.INVALID_KEY);
        return false;
    }

    private boolean isProven(Ed25519PublicKey key) {
        for (int i = 0; i < provenCount; i++) {
            if (proven[i].equals(key)) {
                return true;
            }
        }
        return false;
    }

    private void answerLookup(WhereAreThey q) {
        // Only bindings a verified datagram made or refreshed are vouched for (PROTOCOL.md 11):
        // anyone can bind a fresh key to a forged source.
        InetSocketAddress at = directory.verifiedAddressOf(q.ed25519h());
        if (at == null) {
            events.identity(IdentityEvent.LOOKUP_UNKNOWN);
            return;
        }
        answers.add(new Forwarded(at, null, null, MessageText.text(List.of(new MyPublicKey(q.ed25519h()))),
                !datagram.verified()));
        events.identity(IdentityEvent.LOOKUP_ANSWERED);
    }

    private void chat(ChatMessage c, Ed25519PublicKey signer) {
        if ((signer == null && !datagram.verified()) || !s.chatLog().tryAcquire(1, 1.0, now)) {
            events.identity(IdentityEvent.CHAT_DROPPED);
            return;
        }
        Ed25519PublicKey from = signer != null ? signer : directory.keyOf(sender);
        ChatLog.log(from, sender, c.message());
        events.identity(IdentityEvent.CHAT_LOGGED);
        String text = c.message();
        if (datagram.verified() && (text.startsWith("/ping") || text.startsWith("/version"))) {
            answerCommand(from, text.startsWith("/ping") ? "PONG" : "VERSION " + Version.VALUE + "\n");
        }
    }

    /** Rust's answer: a round-trip request, our key and the text, encrypted when the sender's key is known. */
    private void answerCommand(Ed25519PublicKey from, String text) {
        List<Message> reply = new ArrayList<>(3);
        reply.add(new PleaseReturnThisMessage(s.probes().issue(sender, now)));
        reply.add(s.own().myPublicKey());
        reply.add(new ChatMessage(text));
        if (from == null) {
            answers.addAll(reply);
            return;
        }
        if (!charge()) {
            return;
        }
        Optional<byte[]> sealed = NoiseIk.encrypt(s.own().keys(), from.toByteArray(), MessageText.bytes(reply));
        sealed.ifPresent(ct -> answers.add(new EncryptedMessages(ByteString.of(ct))));
    }

    /**
     * After the last message: on a first verified contact, and with the answer to a verified
     * PleaseSendPeers, our key announcement (after the answers, as Rust places it).
     *
     * @param askedForPeers the datagram carried a PleaseSendPeers (the dispatcher has seen each message)
     */
    void finish(boolean askedForPeers) {
        if (!datagram.verified()) {
            return;
        }
        PeerEntry peer = datagram.peer();
        boolean firstContact = peer != null && peer.createdNanos() == now;
        if (!firstContact && !askedForPeers) {
            return;
        }
        RawJson theirs = CookieCheckHandler.storable(datagram.theirCookie()) ? datagram.theirCookie()
                : peer != null ? peer.cookie() : null;
        // A peer may offer a new cookie with every request; a proof not yet signed costs a signature,
        // so it is charged like any other, and over budget the peer gets the ready-made empty proof.
        OwnIdentity own = s.own();
        RenderedElement proof = theirs == null ? own.emptyProof() : own.readyProof(theirs);
        if (proof == null) {
            proof = charge() ? own.proof(theirs) : own.emptyProof();
        }
        own.announce(proof, answers);
    }

    private boolean tooDeep(int depth) {
        if (depth < MAX_DEPTH) {
            return false;
        }
        events.identity(IdentityEvent.TOO_DEEP);
        return true;
    }

    /** One public-key operation for the sender, within the budget; a refusal is counted. */
    private boolean charge() {
        IdentityEvent refusal = s.budget().tryAcquire(sender.getAddress(), datagram.verified(), now);
        if (refusal != null) {
            events.identity(refusal);
            return false;
        }
        return true;
    }
}
