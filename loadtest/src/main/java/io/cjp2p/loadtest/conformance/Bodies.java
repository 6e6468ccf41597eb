package io.cjp2p.loadtest.conformance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the few fields of message bodies that the checks look at. */
final class Bodies {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Reads the value the parser is on; {@code null} when it is not of the expected kind. */
    private interface ValueReader<T> {
        T read(JsonParser p, JsonToken value) throws IOException;
    }

    private Bodies() {
    }

    /** A string field of an object body. */
    static Optional<String> string(byte[] body, String field) {
        return field(body, field, (p, t) -> t == JsonToken.VALUE_STRING ? p.getText() : null);
    }

    /** The strings of an array field of an object body; empty when the field is missing or holds anything else. */
    static Optional<List<String>> strings(byte[] body, String field) {
        return field(body, field, (p, t) -> {
            if (t != JsonToken.START_ARRAY) {
                return null;
            }
            List<String> out = new ArrayList<>();
            JsonToken e;
            while ((e = p.nextToken()) == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            }
            return e == JsonToken.END_ARRAY ? out : null;
        });
    }

    /** The number of elements of an array field of an object body, whatever they are; -1 when absent. */
    static int arrayLength(byte[] body, String field) {
        return field(body, field, (p, t) -> {
            if (t != JsonToken.START_ARRAY) {
                return null;
            }
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                p.skipChildren();
                n++;
            }
            return n;
        }).orElse(-1);
    }

    /** Finds {@code field} among the top-level fields of an object body and reads its value. */
    private static <T> Optional<T> field(byte[] body, String field, ValueReader<T> reader) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals(field)) {
                    return Optional.ofNullable(reader.read(p, t));
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            // not a readable body: nothing to find
        }
        return Optional.empty();
    }
}
