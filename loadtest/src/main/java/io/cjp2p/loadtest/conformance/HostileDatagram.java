package io.cjp2p.loadtest.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Datagrams a node must drop, or whose bad parts it must skip, and survive. The order is the order
 * they are sent in.
 */
enum HostileDatagram {
    EMPTY("empty", "an empty datagram"),
    NOT_JSON("not-json", "text that is not JSON"),
    NOT_ARRAY("not-array", "a JSON object instead of an array"),
    NOT_OBJECTS("not-objects", "[1,2,3], an array of numbers"),
    DEEP_NESTING("deep-nesting", "arrays nested 10 000 deep"),
    HUGE_NUMBERS("huge-numbers", "numbers far beyond 64 bits, one 5 000 digits long"),
    INVALID_UTF8("invalid-utf8", "invalid UTF-8 bytes inside a string"),
    UNKNOWN_1024("unknown-1024", "1 024 unknown messages in one datagram");

    static final int NESTING = 10_000;
    static final int UNKNOWN_MESSAGES = 1024;

    final String label;
    final String description;

    HostileDatagram(String label, String description) {
        this.label = label;
        this.description = description;
    }

    byte[] bytes() {
        return switch (this) {
            case EMPTY -> new byte[0];
            case NOT_JSON -> ascii("conformance kit: this is not JSON");
            case NOT_ARRAY -> ascii("{\"PleaseSendPeers\":{}}");
            case NOT_OBJECTS -> ascii("[1,2,3]");
            case DEEP_NESTING -> ascii("[".repeat(NESTING) + "]".repeat(NESTING));
            case HUGE_NUMBERS -> ascii("[{\"PleaseReturnThisMessage\":{\"cookie\":1e999999999}},"
                    + "{\"PleaseSendContent\":{\"id\":\"x\",\"length\":18446744073709551616000,\"offset\":-1e400}},"
                    + "9".repeat(5000) + "]");
            case INVALID_UTF8 -> invalidUtf8();
            case UNKNOWN_1024 -> unknownMessages();
        };
    }

    private static byte[] invalidUtf8() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(ascii("[{\"PleaseReturnThisMessage\":{\"cookie\":\"kit"));
        // a lone continuation byte, an overlong NUL, a UTF-16 surrogate, and bytes UTF-8 never uses
        b.writeBytes(new byte[] {(byte) 0x80, (byte) 0xc0, (byte) 0x80, (byte) 0xed, (byte) 0xa0, (byte) 0x80,
            (byte) 0xfe, (byte) 0xff});
        b.writeBytes(ascii("\"}}]"));
        return b.toByteArray();
    }

    private static byte[] unknownMessages() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < UNKNOWN_MESSAGES; i++) {
            b.append(i == 0 ? "" : ",").append("{\"NoSuchMessage").append(i).append("\":{}}");
        }
        return ascii(b.append(']').toString());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
