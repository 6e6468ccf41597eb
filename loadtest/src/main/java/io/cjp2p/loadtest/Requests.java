package io.cjp2p.loadtest;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The request datagrams, written straight into a buffer: no JSON library on the sending side, so
 * the flooder spends its CPU on the replies it checks.
 *
 * <p>Every request that expects a reply carries {@code {"PleaseReturnThisMessage":{"n":SEQ}}}; the
 * node must return the identical body, which is how a reply is matched to its request.
 */
final class Requests {
    /** In the junk scenario, one datagram in this many is a valid echo request. */
    static final int JUNK_PROBE_EVERY = 16;

    private static final byte[] ECHO_OPEN = ascii("[{\"PleaseReturnThisMessage\":{\"n\":");
    private static final byte[] ECHO_CLOSE = ascii("}}]");
    private static final byte[] VERIFIED_OPEN = ascii("[{\"AlwaysReturned\":");
    private static final byte[] PEERS_PART = ascii("},{\"PleaseSendPeers\":{}");
    private static final byte[] RETURN_PART = ascii("},{\"PleaseReturnThisMessage\":{\"n\":");
    private static final byte[] COOKIE_PART = ascii("}},{\"PleaseAlwaysReturnThisMessage\":");
    private static final byte[] CLOSE = ascii("}]");

    /** Malformed datagrams: every one of them must be dropped (or its elements skipped) without a reply. */
    static final byte[][] JUNK = {
        ascii("not json at all"),
        ascii("{\"PleaseSendPeers\":{}}"),
        ascii("[{\"PleaseSendPeers\":{}}] trailing"),
        ascii("[{\"PleaseSendPeers\":{}"),
        ascii("[".repeat(200)),
        ascii("[17,\"x\",null,{\"a\":1,\"b\":2}]"),
        new byte[] {'[', '"', (byte) 0xff, (byte) 0xfe, '"', ']'},
        // No empty datagram here: Netty's sendmmsg batching mis-sends a zero-length datagram written
        // between others (the next datagram went out twice in our runs), so we do not batch one.
        ascii("\ufeff[]"),
        ascii("[{\"PleaseReturnThisMessage\":null}]"),
        ascii("[{\"Peers\":\"not a body\"},{\"PleaseSendPeers\":{},\"extra\":1}]"),
        ascii("[" + "{\"X\":0},".repeat(1100) + "{}]"),
    };

    private static final byte[] FRESH_TYPE = ascii("[{\"J");
    private static final byte[] FRESH_FIELD = ascii("\":{\"k");
    private static final byte[] FRESH_CLOSE = ascii("\":1}}]");

    private Requests() {
    }

    /**
     * {@code [{"J<n>":{"k<n>":1}}]}: well-formed, but a message type and a field name nobody sent
     * before, which a node must ignore without a reply, and without its parser's name table
     * costing it more each time (docs/benchmarks.md, "Field names nobody sent before"). The junk
     * scenario sends one of these in every {@code JUNK.length + 1} junk datagrams.
     */
    static void freshNames(long n, ByteBuf out) {
        out.writeBytes(FRESH_TYPE);
        writeDecimal(n, out);
        out.writeBytes(FRESH_FIELD);
        writeDecimal(n, out);
        out.writeBytes(FRESH_CLOSE);
    }

    /** {@code [{"PleaseReturnThisMessage":{"n":seq}}]}. */
    static void echo(long seq, ByteBuf out) {
        out.writeBytes(ECHO_OPEN);
        writeDecimal(seq, out);
        out.writeBytes(ECHO_CLOSE);
    }

    /**
     * A verified request as a Rust node sends its probe: the node's cookie returned, the question,
     * a round-trip echo, and our own cookie for the node to return.
     */
    static void verified(byte[] nodeCookie, byte[] ownCookie, boolean askPeers, long seq, ByteBuf out) {
        out.writeBytes(VERIFIED_OPEN).writeBytes(nodeCookie);
        if (askPeers) {
            out.writeBytes(PEERS_PART);
        }
        out.writeBytes(RETURN_PART);
        writeDecimal(seq, out);
        out.writeBytes(COOKIE_PART).writeBytes(ownCookie).writeBytes(CLOSE);
    }

    private static final byte[] CONTENT_OPEN = ascii("},{\"PleaseSendContent\":{\"id\":\"");
    private static final byte[] CONTENT_MIDDLE = ascii("\",\"length\":4096,\"offset\":");
    private static final byte[] FLOOD_OPEN = ascii("[{\"PleaseReturnThisMessage\":{\"n\":");
    private static final byte[] FLOOD_CONTENT = ascii("}},{\"PleaseSendContent\":{\"id\":\"");
    private static final byte[] HEX = ascii("0123456789abcdef");

    /**
     * A verified request for block {@code block} of object {@code id}, as a downloader asks, with a
     * round-trip echo to match the reply by and our own cookie.
     */
    static void verifiedContent(byte[] nodeCookie, byte[] ownCookie, byte[] id, long block, long seq, ByteBuf out) {
        out.writeBytes(VERIFIED_OPEN).writeBytes(nodeCookie);
        out.writeBytes(CONTENT_OPEN).writeBytes(id).writeBytes(CONTENT_MIDDLE);
        writeDecimal(block * 4096, out);
        out.writeByte('}');
        out.writeBytes(RETURN_PART);
        writeDecimal(seq, out);
        out.writeBytes(COOKIE_PART).writeBytes(ownCookie).writeBytes(CLOSE);
    }

    /**
     * An unverified request for an invented id at a random block offset, the echo first so that its
     * answer survives the 2x trim: {@code [{"PleaseReturnThisMessage":{"n":seq}},{"PleaseSendContent":…}]}.
     */
    static void randomContent(long seq, long salt, ByteBuf out) {
        out.writeBytes(FLOOD_OPEN);
        writeDecimal(seq, out);
        out.writeBytes(FLOOD_CONTENT);
        long x = seq * 0x9E3779B97F4A7C15L + salt;
        for (int i = 0; i < 64; i++) {
            if ((i & 15) == 0) {
                x = mix(x + i);
            }
            out.writeByte(HEX[(int) (x >>> ((i & 15) * 4)) & 15]);
        }
        out.writeBytes(CONTENT_MIDDLE);
        writeDecimal((mix(x) >>> 40) * 4096, out);
        out.writeBytes(CLOSE_TWO);
    }

    private static final byte[] CLOSE_TWO = ascii("}}]");

    /** SplitMix64's finaliser: invented ids that do not repeat. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** First contact: a question plus our cookie; the reply carries the node's cookie. */
    static byte[] handshake(byte[] ownCookie) {
        return concat(ascii("[{\"PleaseSendPeers\":{}},{\"PleaseAlwaysReturnThisMessage\":"), ownCookie, ascii("}]"));
    }

    static byte[] ownCookie(int socket) {
        return ascii("{\"cookie\":\"flooder-" + socket + "\"}");
    }

    private static void writeDecimal(long v, ByteBuf out) {
        if (v >= 10) {
            writeDecimal(v / 10, out);
        }
        out.writeByte((int) ('0' + v % 10));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
