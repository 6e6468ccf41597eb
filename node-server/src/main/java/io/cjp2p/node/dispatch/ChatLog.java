package io.cjp2p.node.dispatch;

import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.PeerAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * Writes a chat line from an authenticated sender to the log at INFO, with its key. The text is a
 * stranger's: it is quoted and escaped (line breaks, every control and format character, quotes and
 * backslashes) so that it stays on its one line and cannot pass for another log line, and cut to
 * {@value #MAX_CODE_POINTS} characters.
 */
final class ChatLog {
    private static final Logger LOG = LoggerFactory.getLogger(ChatLog.class);
    static final int MAX_CODE_POINTS = 500;

    private ChatLog() {
    }

    static void log(Ed25519PublicKey from, InetSocketAddress at, String text) {
        LOG.info("chat from {} at {}: {}", from == null ? "unknown key" : from.hex(), PeerAddress.format(at),
                escape(text));
    }

    /** {@code text} quoted, with everything that could break or fake a line escaped. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), 2 * MAX_CODE_POINTS) + 2).append('"');
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (++count > MAX_CODE_POINTS) {
                sb.append("\"… (").append(text.codePointCount(i - Character.charCount(cp), text.length()))
                        .append(" more)");
                return sb.toString();
            }
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    int type = Character.getType(cp);
                    if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                            || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
                        sb.append(String.format("\\u{%x}", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
