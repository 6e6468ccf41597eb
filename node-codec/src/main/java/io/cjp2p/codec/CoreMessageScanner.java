package io.cjp2p.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes datagrams that hold only core messages (PleaseSendPeers, the round-trip and cookie
 * messages) in plain JSON, in one pass over the bytes, without Jackson: what simple nodes, first
 * contacts and the benchmark send. A Rust node's probe leads with SignedMessage and goes to Jackson.
 *
 * <p>Why: on a verified peers request Jackson's tokens and name lookups were the largest cost of
 * the node's own code. It gives up, and {@link MessageDecoder} reads the datagram with Jackson, on
 * anything else: another message type, an escape in a type name, a body Jackson would skip, any
 * doubt about the JSON, and anything near a limit. What it accepts, Jackson accepts with the same
 * messages, no skips and no drop reason (CoreMessageScannerTest checks that on many inputs). The
 * caller has checked the bytes are well-formed UTF-8, so only ASCII is judged here.
 */
final class CoreMessageScanner {
    /** Deeper than any core message goes, well below any limit we would set. */
    private static final int MAX_DEPTH = 16;
    /** Longer strings (a 60 KB echo) are rare, and Jackson checks its own limits on them. */
    private static final int MAX_STRING_BYTES = 4096;
    private static final int MAX_NUMBER_BYTES = 100;
    private static final int GAVE_UP = -1;

    private static final byte[] PLEASE_SEND_PEERS = ascii(PleaseSendPeers.TYPE);
    private static final byte[] PLEASE_RETURN = ascii(PleaseReturnThisMessage.TYPE);
    private static final byte[] RETURNED = ascii(ReturnedMessage.TYPE);
    private static final byte[] PLEASE_ALWAYS_RETURN = ascii(PleaseAlwaysReturnThisMessage.TYPE);
    private static final byte[] ALWAYS_RETURNED = ascii(AlwaysReturned.TYPE);

    private final int maxMessages;
    private final int maxDepth;
    private final int maxStringBytes;
    private final int maxNumberBytes;

    CoreMessageScanner(DecoderLimits limits) {
        this.maxMessages = limits.maxMessages();
        this.maxDepth = Math.min(limits.maxDepth(), MAX_DEPTH);
        this.maxStringBytes = Math.min(limits.maxTokenLength(), MAX_STRING_BYTES);
        this.maxNumberBytes = Math.min(limits.maxTokenLength(), MAX_NUMBER_BYTES);
    }

    /**
     * Appends the messages of {@code d[0..n)} to {@code out} and returns true; returns false when it
     * gives up, after which {@code out} may hold some of them and the caller must take them back out.
     */
    boolean decode(byte[] d, int n, List<Message> out) {
        int i = skipSpace(d, 0, n);
        if (i >= n || d[i] != '[') {
            return false;
        }
        i = skipSpace(d, i + 1, n);
        if (i < n && d[i] == ']') {
            return skipSpace(d, i + 1, n) == n;
        }
        for (int count = 1; count <= maxMessages; count++) {
            i = element(d, i, n, out);
            if (i == GAVE_UP) {
                return false;
            }
            i = skipSpace(d, i, n);
            if (i >= n) {
                return false;
            }
            if (d[i] == ']') {
                return skipSpace(d, i + 1, n) == n; // anything after the array is Jackson's to judge
            }
            if (d[i] != ',') {
                return false;
            }
            i = skipSpace(d, i + 1, n);
        }
        return false; // too many: Jackson drops it with its reason
    }

    /** Reads {@code {"Type":body}} at {@code i}; the index past it, or GAVE_UP. */
    private int element(byte[] d, int i, int n, List<Message> out) {
        if (i >= n || d[i] != '{') {
            return GAVE_UP;
        }
        i = skipSpace(d, i + 1, n);
        if (i >= n || d[i] != '"') {
            return GAVE_UP;
        }
        int nameStart = i + 1;
        byte[] name = typeAt(d, nameStart, n);
        if (name == null) {
            return GAVE_UP;
        }
        int nameEnd = nameStart + name.length;
        i = skipSpace(d, nameEnd + 1, n);
        if (i >= n || d[i] != ':') {
            return GAVE_UP;
        }
        int bodyStart = skipSpace(d, i + 1, n);
        if (bodyStart >= n) {
            return GAVE_UP;
        }
        byte first = d[bodyStart];
        int bodyEnd = value(d, bodyStart, n, 3);
        if (bodyEnd == GAVE_UP) {
            return GAVE_UP;
        }
        i = skipSpace(d, bodyEnd, n);
        if (i >= n || d[i] != '}') {
            return GAVE_UP;
        }
        boolean container = first == '{' || first == '[';
        Message m;
        if (name == PLEASE_SEND_PEERS) {
            if (!container) {
                return GAVE_UP;
            }
            m = PleaseSendPeers.INSTANCE;
        } else if (!container && first != '"') {
            return GAVE_UP; // null, a number or a literal: left to Jackson, which skips or keeps it
        } else {
            RawJson body = RawJson.copyOf(d, bodyStart, bodyEnd - bodyStart);
            if (name == PLEASE_RETURN) {
                m = new PleaseReturnThisMessage(body);
            } else if (name == RETURNED) {
                m = new ReturnedMessage(body);
            } else if (name == PLEASE_ALWAYS_RETURN) {
                m = new PleaseAlwaysReturnThisMessage(body);
            } else {
                m = new AlwaysReturned(body);
            }
        }
        out.add(m);
        return i + 1;
    }

    /**
     * The core type whose name, and closing quote, start at {@code i}, told apart by one or two
     * bytes and then compared whole; {@code null} for any other name, escaped or not.
     */
    private static byte[] typeAt(byte[] d, int i, int n) {
        if (i + 6 >= n) {
            return null;
        }
        byte[] name = switch (d[i]) {
            case 'P' -> switch (d[i + 6]) {
                case 'S' -> PLEASE_SEND_PEERS;
                case 'R' -> PLEASE_RETURN;
                case 'A' -> PLEASE_ALWAYS_RETURN;
                default -> null;
            };
            case 'R' -> RETURNED;
            case 'A' -> ALWAYS_RETURNED;
            default -> null;
        };
        int end = name == null ? n : i + name.length;
        return end < n && d[end] == '"' && Arrays.equals(d, i, end, name, 0, name.length) ? name : null;
    }

    /** Checks the JSON value at {@code i}, {@code depth} the depth a container there would have; the index past it, or GAVE_UP. */
    private int value(byte[] d, int i, int n, int depth) {
        byte b = d[i];
        if (b == '"') {
            return string(d, i, n);
        }
        if (b == '{' || b == '[') {
            return container(d, i, n, depth);
        }
        if (b == '-' || (b >= '0' && b <= '9')) {
            return number(d, i, n);
        }
        if (b == 't') {
            return literal(d, i, n, "true");
        }
        if (b == 'f') {
            return literal(d, i, n, "false");
        }
        if (b == 'n') {
            return literal(d, i, n, "null");
        }
        return GAVE_UP;
    }

    /** An object or array at {@code i}; the index past its closing bracket, or GAVE_UP. */
    private int container(byte[] d, int i, int n, int depth) {
        if (depth > maxDepth) {
            return GAVE_UP;
        }
        boolean object = d[i] == '{';
        byte close = object ? (byte) '}' : (byte) ']';
        i = skipSpace(d, i + 1, n);
        if (i < n && d[i] == close) {
            return i + 1;
        }
        while (i < n) {
            if (object) {
                if (d[i] != '"') {
                    return GAVE_UP;
                }
                i = string(d, i, n);
                if (i == GAVE_UP) {
                    return GAVE_UP;
                }
                i = skipSpace(d, i, n);
                if (i >= n || d[i] != ':') {
                    return GAVE_UP;
                }
                i = skipSpace(d, i + 1, n);
                if (i >= n) {
                    return GAVE_UP;
                }
            }
            i = value(d, i, n, depth + 1);
            if (i == GAVE_UP) {
                return GAVE_UP;
            }
            i = skipSpace(d, i, n);
            if (i >= n) {
                return GAVE_UP;
            }
            if (d[i] == close) {
                return i + 1;
            }
            if (d[i] != ',') {
                return GAVE_UP;
            }
            i = skipSpace(d, i + 1, n);
        }
        return GAVE_UP;
    }

    /** A string at {@code i} (its opening quote); the index past its closing quote, or GAVE_UP. */
    private int string(byte[] d, int i, int n) {
        int start = i;
        i++;
        int end = Math.min(n, start + 2 + maxStringBytes);
        while (i < end) {
            if (i + 8 <= end && !ByteWords.hasQuoteBackslashOrControl(ByteWords.at(d, i))) {
                i += 8;
                continue;
            }
            byte b = d[i];
            if (b == '"') {
                return i + 1;
            }
            if (b == '\\') {
                if (i + 1 >= end) {
                    return GAVE_UP;
                }
                byte e = d[i + 1];
                if (e == 'u') {
                    if (i + 6 > end || !hex(d[i + 2]) || !hex(d[i + 3]) || !hex(d[i + 4]) || !hex(d[i + 5])) {
                        return GAVE_UP;
                    }
                    i += 6;
                    continue;
                }
                if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
                    return GAVE_UP;
                }
                i += 2;
                continue;
            }
            if (b >= 0 && b < 0x20) {
                return GAVE_UP; // a raw control character, which JSON forbids in strings
            }
            i++; // ASCII, or a byte of a UTF-8 sequence the caller has checked
        }
        return GAVE_UP;
    }

    /** A number in JSON's strict grammar at {@code i}; the index past it, or GAVE_UP. */
    private int number(byte[] d, int i, int n) {
        int start = i;
        if (d[i] == '-') {
            i++;
        }
        if (i >= n || d[i] < '0' || d[i] > '9') {
            return GAVE_UP;
        }
        if (d[i] == '0') {
            i++; // no leading zeros: a digit after it is left for the caller to refuse
        } else {
            i = digits(d, i, n);
        }
        if (i < n && d[i] == '.') {
            int after = digits(d, i + 1, n);
            if (after == i + 1) {
                return GAVE_UP;
            }
            i = after;
        }
        if (i < n && (d[i] == 'e' || d[i] == 'E')) {
            i++;
            if (i < n && (d[i] == '+' || d[i] == '-')) {
                i++;
            }
            int after = digits(d, i, n);
            if (after == i) {
                return GAVE_UP;
            }
            i = after;
        }
        return i - start < maxNumberBytes ? i : GAVE_UP;
    }

    private static int digits(byte[] d, int i, int n) {
        while (i < n && d[i] >= '0' && d[i] <= '9') {
            i++;
        }
        return i;
    }

    private static int literal(byte[] d, int i, int n, String word) {
        int length = word.length();
        if (i + length > n) {
            return GAVE_UP;
        }
        for (int k = 0; k < length; k++) {
            if (d[i + k] != word.charAt(k)) {
                return GAVE_UP;
            }
        }
        return i + length; // what follows must be a separator, which every caller checks
    }

    private static int skipSpace(byte[] d, int i, int n) {
        while (i < n && MessageDecoder.isJsonWhitespace(d[i])) {
            i++;
        }
        return i;
    }

    private static boolean hex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
