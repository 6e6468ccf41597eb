package io.cjp2p.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

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

    private Cookies() {
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
