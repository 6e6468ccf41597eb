package io.cjp2p.codec;

/**
 * The sender's anti-spoof cookie. The body is opaque (an object {@code {"cookie":"…"}} from current nodes; arrays, strings and numbers from older ones) and is echoed verbatim as the body of {@link AlwaysReturned} on everything sent back.
 */
public record PleaseAlwaysReturnThisMessage(RawJson body) implements Message {
    public static final String TYPE = "PleaseAlwaysReturnThisMessage";

    public PleaseAlwaysReturnThisMessage {
        java.util.Objects.requireNonNull(body, "body");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
