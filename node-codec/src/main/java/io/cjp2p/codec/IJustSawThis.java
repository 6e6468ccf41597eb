package io.cjp2p.codec;

import java.util.Objects;

/**
 * {@code {"IJustSawThis":{"id":"…","length":1048576}}} and its twin {@code YouShouldSeeThis}: the
 * sender has seen object {@code id} (PROTOCOL.md 5.19). Both have the same body; {@link #type}
 * says which one it was.
 */
public record IJustSawThis(String type, String id, long length) implements Message {
    public static final String TYPE = "IJustSawThis";
    public static final String YOU_SHOULD_SEE_THIS = "YouShouldSeeThis";

    public IJustSawThis {
        if (!TYPE.equals(type) && !YOU_SHOULD_SEE_THIS.equals(type)) {
            throw new IllegalArgumentException("not IJustSawThis or YouShouldSeeThis: " + type);
        }
        Objects.requireNonNull(id, "id");
        JsonText.requireWellFormed(id);
        if (length < 0) {
            throw new IllegalArgumentException("length is unsigned");
        }
    }

    public IJustSawThis(String id, long length) {
        this(TYPE, id, length);
    }
}
