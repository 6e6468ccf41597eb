package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes the content messages as the Rust node serialises them (PROTOCOL.md 5.14-5.19): its field
 * names in declaration order, compact, {@code eof} left out when absent, {@code ContentList}
 * entries as two-element arrays, bytes as padded standard base64.
 */
final class ContentEncoding {
    private static final byte[] PLEASE_SEND_CONTENT = ascii("{\"PleaseSendContent\":{\"id\":");
    private static final byte[] LENGTH = ascii(",\"length\":");
    private static final byte[] OFFSET = ascii(",\"offset\":");
    private static final byte[] CONTENT = ascii("{\"Content\":{\"id\":");
    private static final byte[] BASE64 = ascii(",\"base64\":");
    private static final byte[] EOF = ascii(",\"eof\":");
    private static final byte[] MAYBE_THEY_HAVE_SOME = ascii("{\"MaybeTheyHaveSome\":{\"id\":");
    private static final byte[] PEERS = ascii(",\"peers\":[");
    private static final byte[] PLEASE_LIST_CONTENT = ascii("{\"PleaseListContent\":{}}");
    private static final byte[] CONTENT_LIST = ascii("{\"ContentList\":{\"results\":[");
    private static final byte[] ID = ascii("\":{\"id\":");
    private static final byte[] COMMA = ascii(",");
    private static final byte[] OPEN_ENTRY = ascii("[");
    private static final byte[] CLOSE_ENTRY = ascii("]");
    private static final byte[] CLOSE_LIST = ascii("]}}");
    private static final byte[] CLOSE = ascii("}}");

    private static final Base64.Encoder ENCODER = Base64.getEncoder();
    private static final ThreadLocal<Base64Scratch> BASE64_SCRATCH = ThreadLocal.withInitial(Base64Scratch::new);

    private ContentEncoding() {
    }

    static boolean writes(Message m) {
        return m instanceof PleaseSendContent || m instanceof Content || m instanceof MaybeTheyHaveSome
                || m instanceof PleaseListContent || m instanceof ContentList || m instanceof IJustSawThis;
    }

    static void write(Message m, ByteBuf out) {
        walk(m, new IdentityEncoding.Writer(out));
    }

    static int length(Message m) {
        IdentityEncoding.Writer w = new IdentityEncoding.Writer(null);
        walk(m, w);
        return w.length;
    }

    private static void walk(Message m, IdentityEncoding.Writer w) {
        if (m instanceof PleaseSendContent r) {
            w.raw(PLEASE_SEND_CONTENT).text(r.id()).raw(LENGTH).number(r.length()).raw(OFFSET).number(r.offset()).raw(CLOSE);
        } else if (m instanceof Content c) {
            w.raw(CONTENT).text(c.id()).raw(OFFSET).number(c.offset()).raw(BASE64).bytes(c.base64());
            if (c.eof() != null) {
                w.raw(EOF).number(c.eof());
            }
            w.raw(CLOSE);
        } else if (m instanceof MaybeTheyHaveSome s) {
            w.raw(MAYBE_THEY_HAVE_SOME).text(s.id()).raw(PEERS);
            List<java.net.InetSocketAddress> peers = s.peers();
            for (int i = 0; i < peers.size(); i++) {
                if (i > 0) {
                    w.raw(COMMA);
                }
                w.address(peers.get(i));
            }
            w.raw(CLOSE_LIST);
        } else if (m instanceof PleaseListContent) {
            w.raw(PLEASE_LIST_CONTENT);
        } else if (m instanceof ContentList l) {
            w.raw(CONTENT_LIST);
            List<ContentList.Entry> results = l.results();
            for (int i = 0; i < results.size(); i++) {
                if (i > 0) {
                    w.raw(COMMA);
                }
                w.raw(OPEN_ENTRY).text(results.get(i).id()).raw(COMMA).number(results.get(i).length()).raw(CLOSE_ENTRY);
            }
            w.raw(CLOSE_LIST);
        } else if (m instanceof IJustSawThis s) {
            w.raw(ascii("{\"" + s.type())).raw(ID).text(s.id()).raw(LENGTH).number(s.length()).raw(CLOSE);
        } else {
            throw new IllegalArgumentException("not a content message: " + m);
        }
    }

    static void writeContent(ByteBuf out, String id, long offset, ByteBuf data, long eof) {
        IdentityEncoding.Writer w = new IdentityEncoding.Writer(out);
        w.raw(CONTENT).text(id).raw(OFFSET).number(offset).raw(BASE64);
        out.writeByte('"');
        if (data.isReadable()) {
            // The JDK's encoder (a vectorised intrinsic), not netty's, which reads byte by byte
            // through bounds and reference-count checks: that was most of a serving node's CPU time
            // in a download (content-bench.sh). Its array form works in arrays this thread keeps;
            // encode(ByteBuffer) would allocate 55 KB per full block.
            Base64Scratch scratch = BASE64_SCRATCH.get();
            byte[] encoded = scratch.encoded(base64Length(data.readableBytes()));
            out.writeBytes(encoded, 0, ENCODER.encode(scratch.source(data), encoded));
        }
        out.writeByte('"');
        if (eof >= 0) {
            w.raw(EOF).number(eof);
        }
        w.raw(CLOSE);
    }

    private static int base64Length(int dataBytes) {
        return (dataBytes + 2) / 3 * 4;
    }

    /** One thread's arrays for the JDK's array encoder, reused from reply to reply. */
    private static final class Base64Scratch {
        private byte[] source = new byte[0];
        private byte[] encoded = new byte[0];

        /**
         * The readable bytes in an array of exactly their length, as the encoder takes them: the
         * buffer's own array when they fill it (a full block), else a copy into an array kept for
         * the next block of the same size (a requester's blocks are mostly one size).
         */
        byte[] source(ByteBuf data) {
            int length = data.readableBytes();
            if (data.hasArray() && data.arrayOffset() == 0 && data.readerIndex() == 0
                    && length == data.array().length) {
                return data.array();
            }
            if (source.length != length) {
                source = new byte[length];
            }
            data.getBytes(data.readerIndex(), source);
            return source;
        }

        /** At least {@code length} bytes, grown to the largest block encoded so far. */
        byte[] encoded(int length) {
            if (encoded.length < length) {
                encoded = new byte[length];
            }
            return encoded;
        }
    }

    static int contentLength(String id, long offset, int dataBytes, long eof) {
        return CONTENT.length + JsonText.serdeQuotedLength(id) + OFFSET.length + IdentityEncoding.decimalDigits(offset)
                + BASE64.length + 2 + base64Length(dataBytes)
                + (eof >= 0 ? EOF.length + IdentityEncoding.decimalDigits(eof) : 0) + CLOSE.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
