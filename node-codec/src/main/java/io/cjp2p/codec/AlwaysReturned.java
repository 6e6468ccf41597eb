package io.cjp2p.codec;

/**
 * The echo of a cookie we issued: proof that the sender receives datagrams at its source address.
 */
public record AlwaysReturned(RawJson body) implements Message {
    public static final String TYPE = "AlwaysReturned";

    public AlwaysReturned {
        java.util.Objects.requireNonNull(body, "body");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
