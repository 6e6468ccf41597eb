package io.cjp2p.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The shapes cookies take on the wire.
 *
 * <p>We emit only {@code {"cookie":"…"}}, the one shape every implementation accepts. When reading
 * a cookie back we accept every shape seen in the wild: that object, a bare string, or an array whose
 * first string element is the cookie (PROTOCOL.md section 3.7).
 */
public final class Cookies {
    /**
     * Without a field-name table. Jackson's default shares one root table between all its parsers
     * and merges every new name into it, up to 6 000; each parser then copies that table before it
     * adds a name. A cookie body costs so little to parse that the names are better allocated each
     * time: with the shared table, bodies carrying names never seen before cost over 200 KB of
     * garbage each (docs/benchmarks.md, "Field names nobody sent before").
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_BODY_PREFIX = "{\"cookie\":\"".getBytes(StandardCharsets.US_ASCII);
    /** The length of a {@link #hexBody}: {@code {"cookie":"} + 16 hex + {@code "}}. */
    public static final int HEX_BODY_LENGTH = HEX_BODY_PREFIX.length + 16 + 2;

    private Cookies() {
    }

    /**
     * {@code {"cookie":"<the 16 lowercase hex digits of value>"}}: the body of every cookie and probe
     * this node issues, written as bytes (no String, no escaping: hex needs none).
     */
    public static RawJson hexBody(long value) {
        byte[] b = new byte[HEX_BODY_LENGTH];
        System.arraycopy(HEX_BODY_PREFIX, 0, b, 0, HEX_BODY_PREFIX.length);
        for (int i = 0; i < 16; i++) {
            b[HEX_BODY_PREFIX.length + i] = HEX[(int) (value >>> (60 - 4 * i)) & 15];
        }
        b[HEX_BODY_LENGTH - 2] = '"';
        b[HEX_BODY_LENGTH - 1] = '}';
        return RawJson.adopt(b);
    }

    /** Whether {@code body} is a {@link #hexBody} byte for byte; reads it in place, allocating nothing. */
    public static boolean isHexBody(RawJson body) {
        if (body.length() != HEX_BODY_LENGTH || body.byteAt(HEX_BODY_LENGTH - 2) != '"'
                || body.byteAt(HEX_BODY_LENGTH - 1) != '}') {
            return false;
        }
        for (int i = 0; i < HEX_BODY_PREFIX.length; i++) {
            if (body.byteAt(i) != HEX_BODY_PREFIX[i]) {
                return false;
            }
        }
        for (int i = 0; i < 16; i++) {
            if (hexValue(body.byteAt(HEX_BODY_PREFIX.length + i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The value a body for which {@link #isHexBody} holds carries. */
    public static long hexBodyValue(RawJson body) {
        long v = 0;
        for (int i = 0; i < 16; i++) {
            v = (v << 4) | hexValue(body.byteAt(HEX_BODY_PREFIX.length + i));
        }
        return v;
    }

    private static int hexValue(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** {@code {"cookie":"<value>"}} */
    public static RawJson body(String cookie) {
        StringBuilder sb = new StringBuilder(cookie.length() + 14).append("{\"cookie\":");
        JsonText.appendQuoted(sb, cookie);
        return RawJson.of(sb.append('}').toString());
    }

    /** The cookie string inside a body of any accepted shape, or {@code null}. */
    public static String extract(RawJson body) {
        byte[] bytes = body.toByteArray();
        try (JsonParser p = JSON.createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            if (t == JsonToken.START_OBJECT) {
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    t = p.nextToken();
                    if ("cookie".equals(name) && t == JsonToken.VALUE_STRING) {
                        return p.getText();
                    }
                    p.skipChildren();
                }
                return null;
            }
            if (t == JsonToken.START_ARRAY) {
                while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                    if (t == JsonToken.VALUE_STRING) {
                        return p.getText();
                    }
                    p.skipChildren();
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
