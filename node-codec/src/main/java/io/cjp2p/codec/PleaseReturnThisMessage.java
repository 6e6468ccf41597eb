package io.cjp2p.codec;

/**
 * The latency echo request. The body is opaque: the receiver answers with a {@link ReturnedMessage} carrying the identical bytes.
 */
public record PleaseReturnThisMessage(RawJson body) implements Message {
    public static final String TYPE = "PleaseReturnThisMessage";

    public PleaseReturnThisMessage {
        java.util.Objects.requireNonNull(body, "body");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
