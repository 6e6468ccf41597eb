package io.cjp2p.codec;

import java.util.Objects;

/**
 * {@code {"MyPublicKey":{"ed25519h":"<64 hex>"}}}: the sender's ed25519 identity.
 *
 * @param ed25519h         the key
 * @param ed25519EthSigned an Ethereum signature of the key, kept verbatim and never checked; {@code null} when absent
 */
public record MyPublicKey(Ed25519PublicKey ed25519h, String ed25519EthSigned) implements Message {
    public static final String TYPE = "MyPublicKey";

    public MyPublicKey {
        Objects.requireNonNull(ed25519h, "ed25519h");
        JsonText.requireWellFormed(ed25519EthSigned);
    }

    public MyPublicKey(Ed25519PublicKey ed25519h) {
        this(ed25519h, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
