package io.cjp2p.node.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The body of {@code FastEncryptedMessages} (PROTOCOL.md §5.10): AES-256-GCM under
 * SHA-256(X25519(own private, peer public)), a 12-byte nonce, no associated data. Both directions
 * share the one key of the pair, so it is not forward secret and a nonce must never repeat for a
 * pair: {@link #encrypt(Ed25519Keys, byte[], byte[])} draws each at random.
 */
public final class FastEncryption {
    /** Bytes of the {@code nonce} field. */
    public static final int NONCE_BYTES = AesGcm.NONCE_BYTES;

    private static final SecureRandom RANDOM = new SecureRandom();

    private FastEncryption() {
    }

    /** The {@code nonce} and {@code ciphertext} fields of one message. */
    public record Sealed(byte[] nonce, byte[] ciphertext) {
    }

    /**
     * {@code plaintext} from {@code sender} to the holder of {@code recipientEd25519}, under a random
     * nonce. Empty when the recipient key is not a usable curve point.
     */
    public static Optional<Sealed> encrypt(Ed25519Keys sender, byte[] recipientEd25519, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return encrypt(sender, recipientEd25519, nonce, plaintext).map(ciphertext -> new Sealed(nonce, ciphertext));
    }

    /** As {@link #encrypt(Ed25519Keys, byte[], byte[])} with a given nonce (test vectors): the ciphertext. */
    static Optional<byte[]> encrypt(Ed25519Keys sender, byte[] recipientEd25519, byte[] nonce, byte[] plaintext) {
        return key(sender, recipientEd25519).map(key -> AesGcm.seal(key, nonce, null, plaintext));
    }

    /** Opens a message that {@code senderEd25519} sent to {@code own}, or says why not. */
    public static Decryption decrypt(Ed25519Keys own, byte[] senderEd25519, byte[] nonce, byte[] ciphertext) {
        if (nonce.length != NONCE_BYTES || ciphertext.length < AesGcm.TAG_BYTES) {
            return Decryption.Failure.WRONG_LENGTH;
        }
        Optional<byte[]> senderX25519 = KeyConversion.x25519PublicFromEd25519(senderEd25519);
        if (senderX25519.isEmpty()) {
            return Decryption.Failure.INVALID_KEY;
        }
        byte[] shared = sharedSecret(own, senderX25519.get());
        if (shared == null) {
            return Decryption.Failure.INVALID_KEY;
        }
        byte[] plaintext = AesGcm.open(sha256(shared), nonce, null, ciphertext, 0, ciphertext.length);
        if (plaintext == null) {
            return Decryption.Failure.BAD_TAG;
        }
        return new Decryption.Opened(senderX25519.get(), plaintext);
    }

    /** The AES key of {@code own} and the holder of {@code peerEd25519}; empty for an unusable key. */
    static Optional<byte[]> key(Ed25519Keys own, byte[] peerEd25519) {
        return KeyConversion.x25519PublicFromEd25519(peerEd25519)
                .map(peerX25519 -> sharedSecret(own, peerX25519))
                .map(FastEncryption::sha256);
    }

    /** X25519(own private, peer public), or null when it is all zero (a small-order peer key). */
    static byte[] sharedSecret(Ed25519Keys own, byte[] peerX25519) {
        byte[] shared = new byte[Ed25519Keys.KEY_BYTES];
        return X25519.calculateAgreement(own.x25519Private(), 0, peerX25519, 0, shared, 0) ? shared : null;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
