package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON value kept exactly as it arrived on the wire.
 *
 * <p>Cookies, round-trip payloads and messages this node does not model are opaque: other
 * implementations compare them byte for byte (Ruby and bash store the text they received), so we
 * keep the bytes rather than a re-serialised tree. Instances are immutable; equality is by content.
 */
public final class RawJson {
    private final byte[] bytes;

    private RawJson(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code length} bytes starting at {@code offset}; the caller vouches that they are one JSON value. */
    public static RawJson copyOf(byte[] source, int offset, int length) {
        return new RawJson(Arrays.copyOfRange(source, offset, offset + length));
    }

    /**
     * Takes ownership of bytes this node rendered itself (trusted, not validated, not copied): the
     * caller must not change the array afterwards.
     */
    public static RawJson adopt(byte[] json) {
        return new RawJson(json);
    }

    /** Wraps JSON text written by this node (trusted, not validated). */
    public static RawJson of(String json) {
        return new RawJson(json.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return bytes.length;
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    public void writeTo(ByteBuf out) {
        out.writeBytes(bytes);
    }

    /** A copy of the bytes; the instance itself stays immutable. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawJson other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The JSON text. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
