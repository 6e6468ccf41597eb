package io.cjp2p.node.crypto;

/**
 * What opening an encrypted message gave: the plaintext and its sender, or why it did not open. Bad
 * input from the wire is an ordinary result here, for the caller to count and drop, never an
 * exception.
 */
public sealed interface Decryption permits Decryption.Opened, Decryption.Failure {

    /** The message opened: {@code senderX25519} is the sender's static X25519 public key. */
    record Opened(byte[] senderX25519, byte[] plaintext) implements Decryption {
    }

    /** Why a message did not open. */
    enum Failure implements Decryption {
        /** A field is too short or has the wrong length. */
        WRONG_LENGTH,
        /** A key is not a usable curve point (or gives an all-zero shared secret). */
        INVALID_KEY,
        /** The authentication tag does not match: tampered, truncated or not for us. */
        BAD_TAG
    }
}
