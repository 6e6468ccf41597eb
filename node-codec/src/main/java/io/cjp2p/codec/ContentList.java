package io.cjp2p.codec;

import java.util.List;
import java.util.Objects;

/**
 * {@code {"ContentList":{"results":[["<id>",1048576],…]}}}: objects a node holds, each with its size
 * (PROTOCOL.md 5.18; Rust writes its tuples as two-element arrays). An entry of another shape is
 * skipped on decode, the rest kept.
 */
public record ContentList(List<Entry> results) implements Message {
    public static final String TYPE = "ContentList";

    public ContentList {
        results = List.copyOf(results);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** One held object: its id and its size in bytes. */
    public record Entry(String id, long length) {
        public Entry {
            Objects.requireNonNull(id, "id");
            JsonText.requireWellFormed(id);
            if (length < 0) {
                throw new IllegalArgumentException("length is unsigned");
            }
        }
    }
}
