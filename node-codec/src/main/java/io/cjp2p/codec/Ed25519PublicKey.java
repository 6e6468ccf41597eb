package io.cjp2p.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte ed25519 public key as the identity messages carry it: 64 hex digits, lowercase when we
 * write them. Reading accepts either case and an optional {@code 0x} prefix, as the Rust node does
 * (PROTOCOL.md 1.4).
 *
 * <p>The codec checks only the form; whether the bytes are a point on the curve is the node's
 * check, where the curve arithmetic lives. Immutable; equality is by content.
 */
public final class Ed25519PublicKey {
    /** Bytes of a key. */
    public static final int BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    private final int hash;

    private Ed25519PublicKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The key of these 32 bytes (copied). */
    public static Ed25519PublicKey of(byte[] key) {
        if (key.length != BYTES) {
            throw new IllegalArgumentException("an ed25519 public key has 32 bytes, not " + key.length);
        }
        return new Ed25519PublicKey(key.clone());
    }

    /** The key written as hex, or {@code null} when the text is not 64 hex digits (after an optional {@code 0x}). */
    public static Ed25519PublicKey parse(String text) {
        if (text == null) {
            return null;
        }
        int from = text.startsWith("0x") ? 2 : 0;
        if (text.length() - from != 2 * BYTES) {
            return null;
        }
        byte[] key = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            int hi = Character.digit(text.charAt(from + 2 * i), 16);
            int lo = Character.digit(text.charAt(from + 2 * i + 1), 16);
            // Character.digit also takes non-ASCII digits, which are not hex on the wire.
            if (hi < 0 || lo < 0 || text.charAt(from + 2 * i) > 'f' || text.charAt(from + 2 * i + 1) > 'f') {
                return null;
            }
            key[i] = (byte) (hi << 4 | lo);
        }
        return new Ed25519PublicKey(key);
    }

    /** The 32 bytes (a copy). */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** 64 lowercase hex digits, the form on the wire. */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return hex();
    }
}
