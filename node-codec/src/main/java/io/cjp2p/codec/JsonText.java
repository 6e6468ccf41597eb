package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;

import java.util.HexFormat;

/** JSON string quoting, shared by the encoder and the few places that build JSON text. */
final class JsonText {
    private static final HexFormat HEX = HexFormat.of();

    private JsonText() {
    }

    static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                HEX.toHexDigits(sb.append("\\u00"), (byte) c);
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
                        .writeByte(HEX.toLowHexDigit(c >> 12)).writeByte(HEX.toLowHexDigit(c >> 8))
                        .writeByte(HEX.toLowHexDigit(c >> 4)).writeByte(HEX.toLowHexDigit(c));
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
