package io.cjp2p.codec;

import java.util.Objects;

/**
 * {@code {"Content":{"id":"…","offset":0,"base64":"aGk=","eof":2}}}: bytes of object {@code id} from
 * {@code offset} (PROTOCOL.md 5.15, 6.2). {@code eof} is the total size of the object, not an end
 * flag, and is {@code null} when absent (stream blocks). A server answering from a file writes its
 * reply with {@link MessageEncoder#writeContent} instead of building one of these.
 */
public record Content(String id, long offset, ByteString base64, Long eof) implements Message {
    public static final String TYPE = "Content";

    public Content {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(base64, "base64");
        JsonText.requireWellFormed(id);
        if (offset < 0 || (eof != null && eof < 0)) {
            throw new IllegalArgumentException("offset and eof are unsigned");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
