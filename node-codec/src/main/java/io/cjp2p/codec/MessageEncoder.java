package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes messages as compact JSON straight into a {@link ByteBuf}: object bodies, the Rust field
 * names, IPv6 peers as {@code [addr]:port}. Opaque bodies are written back byte for byte.
 *
 * <p>{@link #encodedLength} gives the exact size without writing, so that the server can decide
 * what fits a size budget before it allocates anything.
 */
public final class MessageEncoder {
    private static final byte[] PLEASE_SEND_PEERS = ascii("{\"PleaseSendPeers\":{}}");
    private static final byte[] PEERS_OPEN = ascii("{\"Peers\":{\"peers\":[");
    private static final byte[] PEERS_CLOSE = ascii("]}}");
    private static final byte[] PRTM_OPEN = ascii("{\"PleaseReturnThisMessage\":");
    private static final byte[] RETURNED_OPEN = ascii("{\"ReturnedMessage\":");
    private static final byte[] PARTM_OPEN = ascii("{\"PleaseAlwaysReturnThisMessage\":");
    private static final byte[] ALWAYS_OPEN = ascii("{\"AlwaysReturned\":");

    private MessageEncoder() {
    }

    /** Writes {@code [m1,m2,…]}. */
    public static void encode(List<? extends Message> messages, ByteBuf out) {
        out.writeByte('[');
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            write(messages.get(i), out);
        }
        out.writeByte(']');
    }

    /** The exact length {@link #encode} writes for this list. */
    public static int datagramLength(List<? extends Message> messages) {
        int n = 2 + Math.max(0, messages.size() - 1);
        for (int i = 0; i < messages.size(); i++) {
            n += encodedLength(messages.get(i));
        }
        return n;
    }

    /** Writes one element, {@code {"Type":body}}. */
    public static void write(Message m, ByteBuf out) {
        if (m instanceof PleaseSendPeers) {
            out.writeBytes(PLEASE_SEND_PEERS);
        } else if (m instanceof Peers peers) {
            out.writeBytes(PEERS_OPEN);
            List<InetSocketAddress> list = peers.peers();
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.writeByte(',');
                }
                writeAddress(list.get(i), out);
            }
            out.writeBytes(PEERS_CLOSE);
        } else if (m instanceof PleaseReturnThisMessage r) {
            wrap(PRTM_OPEN, r.body(), out);
        } else if (m instanceof ReturnedMessage r) {
            wrap(RETURNED_OPEN, r.body(), out);
        } else if (m instanceof PleaseAlwaysReturnThisMessage r) {
            wrap(PARTM_OPEN, r.body(), out);
        } else if (m instanceof AlwaysReturned r) {
            wrap(ALWAYS_OPEN, r.body(), out);
        } else if (m instanceof OtherMessage o) {
            o.element().writeTo(out);
        } else if (m instanceof PreEncoded p) {
            p.writeTo(out);
        } else if (ContentEncoding.writes(m)) {
            ContentEncoding.write(m, out);
        } else {
            IdentityEncoding.write(m, out);
        }
    }

    /** The exact length {@link #write} writes for one element. */
    public static int encodedLength(Message m) {
        if (m instanceof PleaseSendPeers) {
            return PLEASE_SEND_PEERS.length;
        } else if (m instanceof Peers peers) {
            List<InetSocketAddress> list = peers.peers();
            int n = PEERS_OPEN.length + PEERS_CLOSE.length + Math.max(0, list.size() - 1);
            for (int i = 0; i < list.size(); i++) {
                n += addressLength(list.get(i));
            }
            return n;
        } else if (m instanceof PleaseReturnThisMessage r) {
            return PRTM_OPEN.length + r.body().length() + 1;
        } else if (m instanceof ReturnedMessage r) {
            return RETURNED_OPEN.length + r.body().length() + 1;
        } else if (m instanceof PleaseAlwaysReturnThisMessage r) {
            return PARTM_OPEN.length + r.body().length() + 1;
        } else if (m instanceof AlwaysReturned r) {
            return ALWAYS_OPEN.length + r.body().length() + 1;
        } else if (m instanceof OtherMessage o) {
            return o.element().length();
        } else if (m instanceof PreEncoded p) {
            return p.encodedLength();
        } else if (ContentEncoding.writes(m)) {
            return ContentEncoding.length(m);
        }
        return IdentityEncoding.length(m);
    }

    /**
     * Writes {@code {"Content":{"id":…,"offset":…,"base64":…,"eof":…}}} with the readable bytes of
     * {@code data} as base64, without a {@link Content} record or an intermediate String: the
     * serving hot path, straight from a file read. {@code data}'s reader index is not moved; a
     * negative {@code eof} leaves the field out.
     */
    public static void writeContent(ByteBuf out, String id, long offset, ByteBuf data, long eof) {
        ContentEncoding.writeContent(out, id, offset, data, eof);
    }

    /** The exact length {@link #writeContent} writes for {@code dataBytes} bytes of data. */
    public static int contentLength(String id, long offset, int dataBytes, long eof) {
        return ContentEncoding.contentLength(id, offset, dataBytes, eof);
    }

    /** The length of one {@code Peers} entry, quotes included. */
    public static int addressLength(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet4Address) {
            byte[] b = ip.getAddress();
            return 2 + 3 + digits(b[0] & 255) + digits(b[1] & 255) + digits(b[2] & 255) + digits(b[3] & 255)
                    + 1 + digits(address.getPort());
        }
        return JsonText.quotedLength(PeerAddress.format(address));
    }

    /**
     * One {@code Peers} entry as it goes on the wire, quotes included: for callers that render an
     * address once and send it many times.
     */
    public static byte[] addressBytes(InetSocketAddress address) {
        ByteBuf buf = io.netty.buffer.Unpooled.buffer(addressLength(address));
        writeAddress(address, buf);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    private static void writeAddress(InetSocketAddress address, ByteBuf out) {
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet4Address) {
            // The common case, written without building a String.
            byte[] b = ip.getAddress();
            out.writeByte('"');
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    out.writeByte('.');
                }
                writeDecimal(b[i] & 255, out);
            }
            out.writeByte(':');
            writeDecimal(address.getPort(), out);
            out.writeByte('"');
        } else {
            JsonText.writeQuoted(out, PeerAddress.format(address));
        }
    }

    private static void wrap(byte[] open, RawJson body, ByteBuf out) {
        out.writeBytes(open);
        body.writeTo(out);
        out.writeByte('}');
    }

    private static void writeDecimal(int v, ByteBuf out) {
        if (v >= 10) {
            writeDecimal(v / 10, out);
        }
        out.writeByte('0' + v % 10);
    }

    private static int digits(int v) {
        return v >= 10000 ? 5 : v >= 1000 ? 4 : v >= 100 ? 3 : v >= 10 ? 2 : 1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
