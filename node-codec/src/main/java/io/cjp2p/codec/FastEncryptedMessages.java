package io.cjp2p.codec;

import java.util.Objects;

/**
 * A message array under AES-256-GCM with a key both ends derive from their static keys (PROTOCOL.md 5.10).
 *
 * @param nonce      12 bytes
 * @param sender     the sender's ed25519 key
 * @param ciphertext the ciphertext followed by the 16-byte tag
 */
public record FastEncryptedMessages(ByteString nonce, Ed25519PublicKey sender, ByteString ciphertext)
        implements Message {
    public static final String TYPE = "FastEncryptedMessages";
    /** Bytes of the nonce (Rust's {@code [u8; 12]}: any other length does not decode). */
    public static final int NONCE_BYTES = 12;

    public FastEncryptedMessages {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (nonce.length() != NONCE_BYTES) {
            throw new IllegalArgumentException("a nonce has 12 bytes, not " + nonce.length());
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
