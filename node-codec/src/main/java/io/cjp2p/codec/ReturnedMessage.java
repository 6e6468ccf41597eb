package io.cjp2p.codec;

/**
 * The answer to a {@link PleaseReturnThisMessage}: the request body, byte for byte.
 */
public record ReturnedMessage(RawJson body) implements Message {
    public static final String TYPE = "ReturnedMessage";

    public ReturnedMessage {
        java.util.Objects.requireNonNull(body, "body");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
