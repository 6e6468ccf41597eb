package io.cjp2p.loadtest.conformance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A datagram read as CJP2P: is it JSON, is it an array, and which single-key objects does it hold.
 * Bodies keep their exact bytes so that echoes can be compared byte for byte.
 *
 * @param size                 the datagram's length in bytes
 * @param json                 the whole datagram is one valid UTF-8 JSON value, nothing after it
 * @param array                that value is an array
 * @param onlySingleKeyObjects every element of the array is an object with exactly one key
 * @param elements             the single-key elements, in order (others are left out)
 */
public record ParsedDatagram(int size, boolean json, boolean array, boolean onlySingleKeyObjects,
                             List<Element> elements) {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(256).build())
            .build();

    public ParsedDatagram {
        elements = List.copyOf(elements);
    }

    /** Parses {@code data[0..length)}; never throws, whatever the bytes. */
    public static ParsedDatagram parse(byte[] data, int length) {
        if (!looksLikeUtf8(data, length)) {
            return new ParsedDatagram(length, false, false, false, List.of());
        }
        List<Element> elements = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(data, 0, length)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new ParsedDatagram(length, false, false, false, List.of());
            }
            if (t != JsonToken.START_ARRAY) {
                p.skipChildren();
                boolean json = p.nextToken() == null;
                return new ParsedDatagram(length, json, false, false, List.of());
            }
            boolean singleKeys = true;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new IOException("truncated");
                }
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    singleKeys = false;
                    continue;
                }
                if (p.nextToken() != JsonToken.FIELD_NAME) {
                    singleKeys = false; // {}
                    continue;
                }
                String name = p.currentName();
                JsonToken body = p.nextToken();
                byte[] raw = capture(p, body, data);
                if (p.nextToken() == JsonToken.END_OBJECT) {
                    elements.add(new Element(name, raw));
                } else {
                    singleKeys = false;
                    while (p.currentToken() != JsonToken.END_OBJECT) {
                        p.nextToken();
                        p.skipChildren();
                        p.nextToken();
                    }
                }
            }
            boolean json = p.nextToken() == null;
            return new ParsedDatagram(length, json, json, json && singleKeys, json ? elements : List.of());
        } catch (IOException | RuntimeException e) {
            return new ParsedDatagram(length, false, false, false, List.of());
        }
    }

    public static ParsedDatagram parse(byte[] data) {
        return parse(data, data.length);
    }

    /** The bytes of the value starting at the current token; leaves the parser on its last token. */
    private static byte[] capture(JsonParser p, JsonToken token, byte[] data) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        if (token == JsonToken.VALUE_STRING) {
            p.finishToken(); // strings are read lazily: this moves the input past the closing quote
        } else {
            p.skipChildren();
        }
        int end = (int) p.currentLocation().getByteOffset();
        while (end > start && isJsonWhitespace(data[end - 1])) {
            end--;
        }
        byte[] out = new byte[end - start];
        System.arraycopy(data, start, out, 0, out.length);
        return out;
    }

    /**
     * Jackson would skip a byte-order mark and guess UTF-16 or UTF-32, none of which is CJP2P:
     * UTF-8 JSON starts with an ASCII byte and has no NUL among its first bytes.
     */
    private static boolean looksLikeUtf8(byte[] data, int length) {
        if (length > 0 && data[0] < 0) {
            return false;
        }
        for (int i = 0; i < Math.min(4, length); i++) {
            if (data[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** True when this is what every reply must be: a JSON array of single-key objects. */
    public boolean wellFormed() {
        return json && array && onlySingleKeyObjects;
    }

    public boolean has(String name) {
        return first(name).isPresent();
    }

    public Optional<Element> first(String name) {
        return elements.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public List<Element> all(String name) {
        return elements.stream().filter(e -> e.name().equals(name)).toList();
    }

    /** True when one {@code name} element carries exactly {@code body}. */
    public boolean hasBody(String name, byte[] body) {
        return elements.stream().anyMatch(e -> e.name().equals(name) && e.bodyEquals(body));
    }

    /** The message names, comma-separated, for details. */
    public String names() {
        return String.join(", ", elements.stream().map(Element::name).toList());
    }
}
