package io.cjp2p.node.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * The body of {@code EncryptedMessages} (PROTOCOL.md §5.9, §7.3): the first and only message of a
 * {@value #PROTOCOL_NAME} handshake, initiator to responder, empty prologue. There is no session:
 * the responder opens it with its static key and learns the sender's static key from it.
 *
 * <p>Layout: ephemeral public (32) ‖ encrypted sender static (32 + 16) ‖ encrypted payload (n + 16).
 */
public final class NoiseIk {
    /** The {@code noise_params} field. */
    public static final String PROTOCOL_NAME = "Noise_IK_25519_AESGCM_SHA256";
    /** Bytes a message adds to its payload. */
    public static final int OVERHEAD = 32 + (32 + AesGcm.TAG_BYTES) + AesGcm.TAG_BYTES;

    private static final int KEY = Ed25519Keys.KEY_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    private NoiseIk() {
    }

    /**
     * The message carrying {@code payload} from {@code sender} to the holder of {@code recipientEd25519},
     * with a fresh ephemeral key. Empty when the recipient key is not a usable curve point.
     */
    public static Optional<byte[]> encrypt(Ed25519Keys sender, byte[] recipientEd25519, byte[] payload) {
        byte[] ephemeralPrivate = new byte[KEY];
        X25519.generatePrivateKey(RANDOM, ephemeralPrivate);
        return encrypt(sender, recipientEd25519, payload, ephemeralPrivate);
    }

    /** As {@link #encrypt(Ed25519Keys, byte[], byte[])} with a given ephemeral private key (test vectors). */
    static Optional<byte[]> encrypt(Ed25519Keys sender, byte[] recipientEd25519, byte[] payload,
                                    byte[] ephemeralPrivate) {
        Optional<byte[]> recipient = KeyConversion.x25519PublicFromEd25519(recipientEd25519);
        if (recipient.isEmpty()) {
            return Optional.empty();
        }
        byte[] remoteStatic = recipient.get();
        byte[] ephemeralPublic = new byte[KEY];
        X25519.scalarMultBase(ephemeralPrivate, 0, ephemeralPublic, 0);

        Handshake state = new Handshake(remoteStatic);
        state.mixHash(ephemeralPublic, 0, KEY);                                   // e
        if (!state.mixKey(ephemeralPrivate, remoteStatic, 0)) {                   // es
            return Optional.empty();
        }
        byte[] encryptedStatic = state.encryptAndHash(sender.x25519PublicView()); // s
        if (!state.mixKey(sender.x25519Private(), remoteStatic, 0)) {             // ss
            return Optional.empty();
        }
        byte[] encryptedPayload = state.encryptAndHash(payload);
        return Optional.of(ByteBuffer.allocate(KEY + encryptedStatic.length + encryptedPayload.length)
                .put(ephemeralPublic).put(encryptedStatic).put(encryptedPayload).array());
    }

    /** Opens a message sent to {@code own}: the sender's X25519 static key and the payload, or why not. */
    public static Decryption decrypt(Ed25519Keys own, byte[] message) {
        if (message.length < OVERHEAD) {
            return Decryption.Failure.WRONG_LENGTH;
        }
        Handshake state = new Handshake(own.x25519PublicView());
        state.mixHash(message, 0, KEY);                                           // e
        if (!state.mixKey(own.x25519Private(), message, 0)) {                     // es
            return Decryption.Failure.INVALID_KEY;
        }
        byte[] senderStatic = state.decryptAndHash(message, KEY, KEY + AesGcm.TAG_BYTES); // s
        if (senderStatic == null) {
            return Decryption.Failure.BAD_TAG;
        }
        if (!state.mixKey(own.x25519Private(), senderStatic, 0)) {                // ss
            return Decryption.Failure.INVALID_KEY;
        }
        int payloadOffset = KEY + KEY + AesGcm.TAG_BYTES;
        byte[] payload = state.decryptAndHash(message, payloadOffset, message.length - payloadOffset);
        if (payload == null) {
            return Decryption.Failure.BAD_TAG;
        }
        return new Decryption.Opened(senderStatic, payload);
    }

    /**
     * The Noise symmetric state (ck, h, k, n) for the one message both sides process; k is set by
     * the first MixKey, before anything is encrypted, so the "no key yet" case of the spec never arises.
     */
    private static final class Handshake {
        private static final byte[] PROTOCOL_NAME_BYTES = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);

        private final MessageDigest sha256;
        private final Mac hmac;
        private byte[] chainingKey;
        private byte[] hash;
        private byte[] key;
        private long nonce;

        Handshake(byte[] responderStatic) {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
                hmac = Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256 and HMAC-SHA256 are in every JDK", e);
            }
            // a name of at most 32 bytes is used zero-padded as h instead of being hashed
            hash = Arrays.copyOf(PROTOCOL_NAME_BYTES, 32);
            chainingKey = hash.clone();
            mixHash(new byte[0], 0, 0);          // the empty prologue
            mixHash(responderStatic, 0, KEY);    // pre-message: <- s
        }

        void mixHash(byte[] data, int offset, int length) {
            sha256.update(hash);
            sha256.update(data, offset, length);
            hash = sha256.digest();
        }

        /** MixKey(DH(privateKey, publicKey)); false when the shared secret is all zero (a small-order key). */
        boolean mixKey(byte[] privateKey, byte[] publicKey, int publicOffset) {
            byte[] shared = new byte[KEY];
            if (!X25519.calculateAgreement(privateKey, 0, publicKey, publicOffset, shared, 0)) {
                return false;
            }
            byte[] tempKey = hmac(chainingKey, shared);
            chainingKey = hmac(tempKey, new byte[] {1});
            key = hmac(tempKey, concat(chainingKey, (byte) 2));
            nonce = 0;
            return true;
        }

        byte[] encryptAndHash(byte[] plaintext) {
            byte[] ciphertext = AesGcm.seal(key, nextNonce(), hash, plaintext);
            mixHash(ciphertext, 0, ciphertext.length);
            return ciphertext;
        }

        /** The plaintext, or null when the tag does not match. */
        byte[] decryptAndHash(byte[] input, int offset, int length) {
            byte[] plaintext = AesGcm.open(key, nextNonce(), hash, input, offset, length);
            if (plaintext != null) {
                mixHash(input, offset, length);
            }
            return plaintext;
        }

        /** The AES-GCM nonce of the spec: four zero bytes, then the counter big-endian. */
        private byte[] nextNonce() {
            return ByteBuffer.allocate(AesGcm.NONCE_BYTES).putInt(0).putLong(nonce++).array();
        }

        private byte[] hmac(byte[] macKey, byte[] data) {
            try {
                hmac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("an HMAC key of 32 bytes is always valid", e);
            }
            return hmac.doFinal(data);
        }

        private static byte[] concat(byte[] bytes, byte last) {
            byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
            out[bytes.length] = last;
            return out;
        }
    }
}
