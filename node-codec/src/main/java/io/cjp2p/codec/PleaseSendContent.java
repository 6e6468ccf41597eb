package io.cjp2p.codec;

import java.util.Objects;

/**
 * {@code {"PleaseSendContent":{"id":"<64 hex>","length":4096,"offset":0}}}: asks for {@code length}
 * bytes of object {@code id} from byte {@code offset} (PROTOCOL.md 5.14, 6.2). The id is kept as
 * sent; whoever touches storage checks it first.
 */
public record PleaseSendContent(String id, long offset, long length) implements Message {
    public static final String TYPE = "PleaseSendContent";

    public PleaseSendContent {
        Objects.requireNonNull(id, "id");
        JsonText.requireWellFormed(id);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length are unsigned");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
