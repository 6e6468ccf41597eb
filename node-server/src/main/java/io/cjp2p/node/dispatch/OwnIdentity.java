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
    static final int PROOF_SLOTS = 256;

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
        out.add(theirCookie == null ? emptyProof : proofs.get().proof(theirCookie, this));
        out.add(renderedKey);
    }

    /** Whether this event loop has the signed proof for {@code cookie} ready (no signature needed). */
    public boolean hasProof(RawJson cookie) {
        return proofs.get().has(cookie);
    }

    private RenderedElement signedProof(RawJson cookie) {
        return RenderedElement.of(sign(MessageText.text(List.of(new AlwaysReturned(cookie)))));
    }

    /** One event loop's rendered proofs, direct-mapped by cookie. */
    private static final class Proofs {
        final RawJson[] cookies = new RawJson[PROOF_SLOTS];
        final RenderedElement[] rendered = new RenderedElement[PROOF_SLOTS];

        boolean has(RawJson cookie) {
            return cookie.equals(cookies[slot(cookie)]);
        }

        RenderedElement proof(RawJson cookie, OwnIdentity own) {
            int slot = slot(cookie);
            if (cookie.equals(cookies[slot])) {
                return rendered[slot];
            }
            RenderedElement r = own.signedProof(cookie);
            cookies[slot] = cookie;
            rendered[slot] = r;
            return r;
        }

        private static int slot(RawJson cookie) {
            return (cookie.hashCode() * 0x9E3779B9 >>> 16) & (PROOF_SLOTS - 1);
        }
    }

    @Override
    public String toString() {
        return "OwnIdentity[" + publicKey + "]";
    }
}
