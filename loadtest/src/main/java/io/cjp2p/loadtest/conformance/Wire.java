package io.cjp2p.loadtest.conformance;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Builds request datagrams as compact JSON text, the way every CJP2P node emits them. */
final class Wire {
    static final String PLEASE_SEND_PEERS = "PleaseSendPeers";
    static final String PEERS = "Peers";
    static final String PLEASE_RETURN = "PleaseReturnThisMessage";
    static final String RETURNED = "ReturnedMessage";
    static final String PLEASE_ALWAYS_RETURN = "PleaseAlwaysReturnThisMessage";
    static final String ALWAYS_RETURNED = "AlwaysReturned";

    private Wire() {
    }

    /** {@code [e1,e2,…]} as UTF-8. */
    static byte[] datagram(String... elements) {
        return ("[" + String.join(",", elements) + "]").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"name":body}}; {@code body} is JSON text. */
    static String element(String name, String body) {
        return "{" + quote(name) + ":" + body + "}";
    }

    static String element(String name, byte[] body) {
        return element(name, text(body));
    }

    /** {@code {"cookie":"value"}}: the only cookie shape the Rust node accepts. */
    static String cookieBody(String value) {
        return "{\"cookie\":" + quote(value) + "}";
    }

    static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** At most {@code max} characters of a body, for a detail line. */
    static String abbreviate(byte[] body, int max) {
        String s = text(body);
        return s.length() <= max ? s : s.substring(0, max) + "... (" + body.length + " B)";
    }
}
