package io.cjp2p.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Immutable bytes that travel as standard base64 (signatures, payloads, nonces, ciphertexts).
 * Reading accepts missing padding, as serde_with's decoder does; writing always pads, as Rust
 * writes. Equality is by content.
 */
public final class ByteString {
    private static final Base64.Decoder DECODER = Base64.getDecoder();
    private static final Base64.Encoder ENCODER = Base64.getEncoder();

    private final byte[] bytes;

    private ByteString(byte[] bytes) {
        this.bytes = bytes;
    }

    /** These bytes (copied). */
    public static ByteString of(byte[] bytes) {
        return new ByteString(bytes.clone());
    }

    /** These bytes, not copied: the caller hands them over. */
    static ByteString wrap(byte[] owned) {
        return new ByteString(owned);
    }

    /**
     * The bytes of standard base64 text, padded or not, or {@code null} when it is not base64 (the
     * URL-safe alphabet, whitespace and stray characters are refused).
     */
    public static ByteString parseBase64(String text) {
        try {
            return new ByteString(DECODER.decode(text));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The bytes as a read-only buffer, not copied (a 40 KiB Content block is read once, not twice). */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** Standard base64 with padding, the form on the wire. */
    public String base64() {
        return ENCODER.encodeToString(bytes);
    }

    /** The length of {@link #base64()}, without encoding. */
    int base64Length() {
        return (bytes.length + 2) / 3 * 4;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteString other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return base64();
    }
}
