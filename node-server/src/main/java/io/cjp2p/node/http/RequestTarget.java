package io.cjp2p.node.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The path a request target routes by, as a pure function so the rules are tested without a socket. */
final class RequestTarget {
    /** A target we refuse with 400; the message is for debug logs only. */
    static final class BadTarget extends Exception {
        BadTarget(String message) {
            super(message, null, false, false); // thrown at whoever sends junk: no stack trace to fill
        }
    }

    private RequestTarget() {
    }

    /**
     * The path of {@code target}: origin-form ({@code /metrics?x=1}) loses its query and fragment,
     * absolute-form ({@code http://host:1/metrics}) is reduced to its path ("/" when it has none),
     * and percent-escapes are decoded as UTF-8.
     *
     * @throws BadTarget on a broken percent-escape
     */
    static String pathOf(String target) throws BadTarget {
        String p = target;
        if (!p.startsWith("/")) {
            int scheme = p.indexOf("://");
            if (scheme > 0 && isScheme(p, scheme)) {
                int start = p.indexOf('/', scheme + 3);
                int query = indexOfQueryOrFragment(p, scheme + 3);
                if (start < 0 || (query >= 0 && query < start)) {
                    return "/";
                }
                p = p.substring(start);
            }
        }
        int cut = indexOfQueryOrFragment(p, 0);
        if (cut >= 0) {
            p = p.substring(0, cut);
        }
        return p.indexOf('%') < 0 ? p : percentDecode(p);
    }

    private static int indexOfQueryOrFragment(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isScheme(String s, int end) {
        if (!isAlpha(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = s.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String percentDecode(String p) throws BadTarget {
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.length());
        int run = 0; // start of the text since the last escape
        for (int i = p.indexOf('%'); i >= 0; i = p.indexOf('%', run)) {
            out.writeBytes(p.substring(run, i).getBytes(StandardCharsets.UTF_8));
            if (i + 2 >= p.length()) {
                throw new BadTarget("truncated percent-escape");
            }
            if (!HexFormat.isHexDigit(p.charAt(i + 1)) || !HexFormat.isHexDigit(p.charAt(i + 2))) {
                throw new BadTarget("bad percent-escape");
            }
            out.write(HexFormat.fromHexDigits(p, i + 1, i + 3));
            run = i + 3;
        }
        out.writeBytes(p.substring(run).getBytes(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
