package io.cjp2p.loadtest.conformance;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One message of a datagram: its type name and its body exactly as the bytes arrived.
 *
 * @param name the message type, e.g. {@code PleaseSendPeers}
 * @param body the body's bytes as sent (compared byte for byte by the echo checks)
 */
public record Element(String name, byte[] body) {
    public Element {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    boolean bodyEquals(byte[] other) {
        return Arrays.equals(body, other);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Element e && e.name.equals(name) && Arrays.equals(e.body, body);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "{\"" + name + "\":" + bodyText() + "}";
    }
}
