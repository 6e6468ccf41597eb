package io.cjp2p.codec;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Messages relayed on behalf of another address (PROTOCOL.md 5.21); the UDP answer to WhereAreThey.
 *
 * @param src               the address the messages are from
 * @param fromEd25519       the key that authenticated them, or {@code null} (written as {@code null}, never omitted)
 * @param maybeEd25519      the key known for {@code src}, or {@code null} (then omitted)
 * @param messages          a message array as JSON text: it is parsed a second time
 * @param mightBeIpSpoofing whether the relayed datagram was unverified ({@code true} when the field is missing)
 */
public record Forwarded(InetSocketAddress src, Ed25519PublicKey fromEd25519, Ed25519PublicKey maybeEd25519,
                        String messages, boolean mightBeIpSpoofing) implements Message {
    public static final String TYPE = "Forwarded";

    public Forwarded {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(messages, "messages");
        JsonText.requireWellFormed(messages);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
