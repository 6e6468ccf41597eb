package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** JSON string quoting, shared by the encoder and the few places that build JSON text. */
final class JsonText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private JsonText() {
    }

    static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append("\\u00").append((char) HEX[c >> 4]).append((char) HEX[c & 15]);
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /** Writes a quoted JSON string of ASCII-safe text (addresses, names); other characters are escaped. */
    static int writeQuoted(ByteBuf out, CharSequence s) {
        int start = out.writerIndex();
        out.writeByte('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.writeByte('\\').writeByte(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.writeByte('\\').writeByte('u')
                        .writeByte(HEX[(c >> 12) & 15]).writeByte(HEX[(c >> 8) & 15])
                        .writeByte(HEX[(c >> 4) & 15]).writeByte(HEX[c & 15]);
            } else {
                out.writeByte(c);
            }
        }
        out.writeByte('"');
        return out.writerIndex() - start;
    }

    /** The length {@link #writeQuoted} would write. */
    static int quotedLength(CharSequence s) {
        int n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += (c == '"' || c == '\\') ? 2 : (c < 0x20 || c > 0x7e) ? 6 : 1;
        }
        return n;
    }
}
