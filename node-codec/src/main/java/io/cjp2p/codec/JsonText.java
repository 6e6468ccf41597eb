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

    /**
     * Writes a quoted JSON string as serde_json does: {@code "} and {@code \\} escaped, the short
     * escapes for backspace, form feed, newline, carriage return and tab, {@code \\u00xx} (lowercase)
     * for the other control characters, and everything else as raw UTF-8. {@code s} must be
     * well-formed ({@link #isWellFormed}).
     */
    static void writeSerdeQuoted(ByteBuf out, String s) {
        out.writeByte('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.writeByte('\\').writeByte(c);
            } else if (c < 0x20) {
                char shortForm = shortEscape(c);
                if (shortForm != 0) {
                    out.writeByte('\\').writeByte(shortForm);
                } else {
                    out.writeByte('\\').writeByte('u').writeByte('0').writeByte('0')
                            .writeByte(HEX.toLowHexDigit(c >> 4)).writeByte(HEX.toLowHexDigit(c));
                }
            } else if (c < 0x80) {
                out.writeByte(c);
            } else if (c < 0x800) {
                out.writeByte(0xc0 | c >> 6).writeByte(0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.writeByte(0xf0 | cp >> 18).writeByte(0x80 | cp >> 12 & 0x3f)
                        .writeByte(0x80 | cp >> 6 & 0x3f).writeByte(0x80 | cp & 0x3f);
            } else {
                out.writeByte(0xe0 | c >> 12).writeByte(0x80 | c >> 6 & 0x3f).writeByte(0x80 | c & 0x3f);
            }
        }
        out.writeByte('"');
    }

    /** The length {@link #writeSerdeQuoted} would write. */
    static int serdeQuotedLength(String s) {
        int n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                n += 2;
            } else if (c < 0x20) {
                n += shortEscape(c) != 0 ? 2 : 6;
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static char shortEscape(char c) {
        return switch (c) {
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> 0;
        };
    }

    /**
     * Whether every surrogate in {@code s} is half of a pair. A JSON escape can spell a lone one
     * ({@code "\\ud800"}), which serde_json refuses and which has no UTF-8 form: text holding one is
     * a bad body, never something we sign, log or send on.
     */
    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Refuses text with a lone surrogate; {@code null} passes. */
    static void requireWellFormed(String s) {
        if (s != null && !isWellFormed(s)) {
            throw new IllegalArgumentException("text with a lone surrogate has no UTF-8 form");
        }
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
