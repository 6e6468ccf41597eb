package io.cjp2p.codec;

import java.util.Objects;

/** {@code {"WhereAreThey":{"ed25519h":"<64 hex>"}}}: asks for the address of a key (PROTOCOL.md 5.11). */
public record WhereAreThey(Ed25519PublicKey ed25519h) implements Message {
    public static final String TYPE = "WhereAreThey";

    public WhereAreThey {
        Objects.requireNonNull(ed25519h, "ed25519h");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
