package io.cjp2p.codec;

import java.util.Objects;

/**
 * The one message of a Noise IK handshake carrying a message array (PROTOCOL.md 5.9, 7.3).
 *
 * @param base64      the handshake message
 * @param noiseParams the Noise protocol name, {@code Noise_IK_25519_AESGCM_SHA256} (not checked on receipt)
 */
public record EncryptedMessages(ByteString base64, String noiseParams) implements Message {
    public static final String TYPE = "EncryptedMessages";
    /** The only protocol name anyone sends. */
    public static final String NOISE_PARAMS = "Noise_IK_25519_AESGCM_SHA256";

    public EncryptedMessages {
        Objects.requireNonNull(base64, "base64");
        Objects.requireNonNull(noiseParams, "noiseParams");
        JsonText.requireWellFormed(noiseParams);
    }

    public EncryptedMessages(ByteString base64) {
        this(base64, NOISE_PARAMS);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
