package io.cjp2p.node.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.PeerAddress;
import io.cjp2p.codec.PreEncoded;
import io.cjp2p.node.dispatch.RenderedElement;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A browser page's {@code Forward} (PROTOCOL.md 5.20): {@code {"Forward":{"to_ed25519":"<hex>",
 * "sign":true,"messages":[...]}}} or {@code {"Forward":{"src":"ip:port","messages":[...]}}}. The
 * messages are kept as the page wrote them: the array's text for a send to a key, each element's
 * bytes for a raw send. Read from a frame the codec has already accepted, so it is well-formed and
 * within the datagram limits.
 *
 * @param to       the key to send to, or null
 * @param src      the address to send to raw, or null (a key wins when both are given)
 * @param sign     sign the messages with our key before encrypting them
 * @param messages the array's JSON text
 * @param elements the array's elements, verbatim
 */
record ForwardRequest(Ed25519PublicKey to, InetSocketAddress src, boolean sign, String messages,
                      List<PreEncoded> elements) {
    private static final JsonFactory JSON = new JsonFactory();

    /** The Forward in {@code element} (the whole {@code {"Forward":{...}}}), or null when it is no usable one. */
    static ForwardRequest parse(byte[] element) {
        try (JsonParser p = JSON.createParser(element)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                    || p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String toText = null;
            String srcText = null;
            boolean sign = false;
            String messages = null;
            List<PreEncoded> elements = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "to_ed25519" -> toText = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "src" -> srcText = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "sign" -> sign = value == JsonToken.VALUE_TRUE;
                    case "messages" -> {
                        if (value != JsonToken.START_ARRAY) {
                            return null;
                        }
                        int start = offset(p.currentTokenLocation().getByteOffset());
                        elements = elements(p, element);
                        int end = offset(p.currentLocation().getByteOffset());
                        messages = new String(element, start, end - start, StandardCharsets.UTF_8);
                    }
                    default -> p.skipChildren();
                }
            }
            if (messages == null) {
                return null;
            }
            Ed25519PublicKey to = Ed25519PublicKey.parse(toText);
            InetSocketAddress src = to != null || srcText == null ? null : PeerAddress.parse(srcText);
            if (to == null && src == null) {
                return null;
            }
            return new ForwardRequest(to, src, sign, messages, elements);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Reads the array's elements (the parser is on its START_ARRAY) and leaves it on the END_ARRAY. */
    private static List<PreEncoded> elements(JsonParser p, byte[] element) throws IOException {
        List<PreEncoded> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int start = offset(p.currentTokenLocation().getByteOffset());
            String type = "other";
            if (t == JsonToken.START_OBJECT) {
                if (p.nextToken() == JsonToken.FIELD_NAME) {
                    type = p.currentName();
                    p.nextToken();
                    p.skipChildren();
                    while (p.nextToken() != JsonToken.END_OBJECT) {
                        p.skipChildren(); // a second key: kept verbatim all the same
                    }
                }
            } else {
                p.skipChildren();
                p.finishToken(); // a string is read lazily: its end is not known before this
            }
            int end = offset(p.currentLocation().getByteOffset());
            out.add(RenderedElement.verbatim(type, Arrays.copyOfRange(element, start, end)));
        }
        return out;
    }

    private static int offset(long byteOffset) {
        if (byteOffset < 0 || byteOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("no byte offset");
        }
        return (int) byteOffset;
    }
}
