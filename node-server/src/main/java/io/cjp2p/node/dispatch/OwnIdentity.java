package io.cjp2p.node.dispatch;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.ByteString;
import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MyPublicKey;
import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.SignedMessage;
import io.cjp2p.node.crypto.Ed25519Keys;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Our key pair and the messages that present it, in the Rust node's layout (PROTOCOL.md 5.7):
 * {@code SignedMessage} whose payload is {@code [AlwaysReturned{their cookie}]} ({@code []} when we
 * hold no cookie of theirs), then {@code MyPublicKey}; the reply shaper adds the top-level
 * AlwaysReturned. The signed cookie is what lets a peer move our key to a new address.
 *
 * <p>Announcements go into every verified Peers reply, so they must not cost a signature each:
 * Ed25519 is deterministic, so each event loop keeps the proofs it signed for the last cookies it
 * saw, rendered, and the rest of the announcement is rendered once.
 */
public final class OwnIdentity {
    /** Proofs kept per event loop (a power of two): a busy bootstrap's regular askers. */
    static final int PROOF_SLOTS = 1024;

    private final Ed25519Keys keys;
    private final Ed25519PublicKey publicKey;
    private final MyPublicKey myPublicKey;
    private final RenderedElement renderedKey;
    private final RenderedElement emptyProof;
    private final FastThreadLocal<Proofs> proofs = new FastThreadLocal<>() {
        @Override
        protected Proofs initialValue() {
            return new Proofs();
        }
    };

    public OwnIdentity(Ed25519Keys keys) {
        this.keys = keys;
        this.publicKey = Ed25519PublicKey.of(keys.publicKey());
        this.myPublicKey = new MyPublicKey(publicKey);
        this.renderedKey = RenderedElement.of(myPublicKey);
        this.emptyProof = RenderedElement.of(sign("[]"));
    }

    public Ed25519Keys keys() {
        return keys;
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    public MyPublicKey myPublicKey() {
        return myPublicKey;
    }

    /** A SignedMessage of {@code payloadJson} (a message array) by our key. */
    public SignedMessage sign(String payloadJson) {
        return SignedMessage.ofJson(publicKey, ByteString.of(keys.sign(payloadJson.getBytes(StandardCharsets.UTF_8))),
                payloadJson);
    }

    /** Appends the announcement for a peer whose cookie is {@code theirCookie} (may be {@code null}). */
    public void announce(RawJson theirCookie, List<Message> out) {
        announce(theirCookie == null ? emptyProof : proof(theirCookie), out);
    }

    /** Appends the announcement with a proof from {@link #readyProof} or {@link #proof}. */
    void announce(RenderedElement proof, List<Message> out) {
        out.add(proof);
        out.add(renderedKey);
    }

    /** The signed proof of {@code cookie} if this event loop has it ready, else {@code null} (no signature is made). */
    RenderedElement readyProof(RawJson cookie) {
        return proofs.get().find(cookie);
    }

    /** The signed proof of {@code cookie}: the ready one, else signed now and kept. */
    RenderedElement proof(RawJson cookie) {
        Proofs p = proofs.get();
        RenderedElement r = p.find(cookie);
        if (r == null) {
            r = signedProof(cookie);
            p.keep(cookie, r);
        }
        return r;
    }

    /** The proof for peers whose cookie we do not hold, or may not sign now. */
    RenderedElement emptyProof() {
        return emptyProof;
    }

    private RenderedElement signedProof(RawJson cookie) {
        return RenderedElement.of(sign(MessageText.text(List.of(new AlwaysReturned(cookie)))));
    }

    /**
     * One event loop's rendered proofs: a set-associative cache, {@link #WAYS} cookies per set,
     * the oldest replaced first. With one slot per hash, two regular askers whose cookies met in a
     * slot (cookies often differ in one character: {@code peer-4}, {@code peer-8}) would take turns
     * evicting each other and cost a signature on every request.
     */
    static final class Proofs {
        static final int WAYS = 4;
        static final int SETS = PROOF_SLOTS / WAYS;
        final int[] hashes = new int[PROOF_SLOTS];
        final RawJson[] cookies = new RawJson[PROOF_SLOTS];
        final RenderedElement[] rendered = new RenderedElement[PROOF_SLOTS];
        /** Per set, the way to replace next. */
        final byte[] next = new byte[SETS];

        RenderedElement find(RawJson cookie) {
            int h = cookie.hashCode();
            int base = set(h) * WAYS;
            for (int i = base; i < base + WAYS; i++) {
                if (hashes[i] == h && cookie.equals(cookies[i])) {
                    return rendered[i];
                }
            }
            return null;
        }

        void keep(RawJson cookie, RenderedElement r) {
            int h = cookie.hashCode();
            int set = set(h);
            int i = set * WAYS + next[set];
            next[set] = (byte) ((next[set] + 1) & (WAYS - 1));
            hashes[i] = h;
            cookies[i] = cookie;
            rendered[i] = r;
        }

        /** The set of a cookie hash: its bits mixed (murmur3's finaliser), so similar cookies spread. */
        static int set(int h) {
            h ^= h >>> 16;
            h *= 0x85EBCA6B;
            h ^= h >>> 13;
            h *= 0xC2B2AE35;
            h ^= h >>> 16;
            return h & (SETS - 1);
        }
    }

    @Override
    public String toString() {
        return "OwnIdentity[" + publicKey + "]";
    }
}
