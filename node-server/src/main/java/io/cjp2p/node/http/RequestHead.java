package io.cjp2p.node.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.x request head (request line and header fields), parsed by pure functions over bytes so
 * the rules can be tested without a socket. The listener only serves three GET endpoints, so the
 * parser is strict (RFC 9112) and keeps nothing it does not need.
 *
 * @param method        the method token, case as sent (methods are case-sensitive)
 * @param target        the request target as sent
 * @param path          the target's path: query and fragment cut, absolute-form reduced to its
 *                      path, percent-escapes decoded
 * @param minorVersion  1 for HTTP/1.1 (or a later 1.x), 0 for HTTP/1.0
 * @param headers       field names lower-cased; a repeated field's values joined with ", "
 * @param contentLength the Content-Length, or -1 when there is none
 */
record RequestHead(String method, String target, String path, int minorVersion, Map<String, String> headers,
                   long contentLength) {

    /** A head we refuse with 400; the message is for debug logs only. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false); // thrown at whoever sends junk: no stack trace to fill
        }
    }

    /** The field value for {@code name} (any case), or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether the connection may carry another request after this one: HTTP/1.1 unless {@code
     * Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive}.
     */
    boolean keepAlive() {
        String c = header("connection");
        if (minorVersion == 0) {
            return hasToken(c, "keep-alive");
        }
        return !hasToken(c, "close");
    }

    /**
     * Whether a body follows the head. We never read one: the connection is closed after the
     * answer, so we need not know where the body ends (no chunked decoding, no smuggling).
     */
    boolean hasBody() {
        return contentLength > 0 || headers.containsKey("transfer-encoding");
    }

    private static boolean hasToken(String value, String token) {
        if (value == null) {
            return false;
        }
        for (String t : value.split(",")) {
            if (t.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the head at the start of {@code buf} ends: the index just past the empty line that ends
     * it, or -1 when {@code buf[0..len)} does not hold a whole head yet. Empty lines before the
     * request line belong to the head (RFC 9112 2.2 says to ignore them). Lines end in LF with an
     * optional CR before it.
     */
    static int end(byte[] buf, int len) {
        int lineStart = 0;
        boolean seenLine = false;
        for (int i = 0; i < len; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            int lineLen = i - lineStart;
            if (lineLen > 0 && buf[i - 1] == '\r') {
                lineLen--;
            }
            if (lineLen == 0) {
                if (seenLine) {
                    return i + 1;
                }
            } else {
                seenLine = true;
            }
            lineStart = i + 1;
        }
        return -1;
    }

    /**
     * Parses {@code buf[0..len)}, which must be exactly one head as {@link #end} found it.
     *
     * @throws BadRequest when the head breaks the grammar: a malformed request line, an unknown
     *                    version, a field line without a colon, whitespace before the colon,
     *                    obs-fold, control characters, a bare CR, conflicting Content-Length
     */
    static RequestHead parse(byte[] buf, int len) throws BadRequest {
        // ISO-8859-1 maps each byte to one char, so indices and obs-text survive unchanged.
        String text = new String(buf, 0, len, StandardCharsets.ISO_8859_1);
        int pos = 0;
        String requestLine = null;
        Map<String, String> headers = new HashMap<>();
        while (pos < text.length()) {
            int lf = text.indexOf('\n', pos);
            if (lf < 0) {
                throw new BadRequest("head does not end in an empty line");
            }
            String line = text.substring(pos, lf > pos && text.charAt(lf - 1) == '\r' ? lf - 1 : lf);
            pos = lf + 1;
            if (line.indexOf('\r') >= 0) {
                throw new BadRequest("bare CR");
            }
            if (line.isEmpty()) {
                if (requestLine == null) {
                    continue; // empty lines before the request line are ignored
                }
                if (pos != text.length()) {
                    throw new BadRequest("bytes after the empty line that ends the head");
                }
                break;
            }
            if (requestLine == null) {
                requestLine = line;
            } else {
                field(line, headers);
            }
        }
        if (requestLine == null) {
            throw new BadRequest("no request line");
        }
        int sp1 = requestLine.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0) {
            throw new BadRequest("request line is not 'method SP target SP version'");
        }
        String method = requestLine.substring(0, sp1);
        String target = requestLine.substring(sp1 + 1, sp2);
        String version = requestLine.substring(sp2 + 1);
        if (!isToken(method)) {
            throw new BadRequest("method is not a token");
        }
        if (target.isEmpty() || !isVisibleAscii(target)) {
            throw new BadRequest("target is empty or not visible ASCII");
        }
        int minor;
        if (version.length() == 8 && version.startsWith("HTTP/1.") && isDigit(version.charAt(7))) {
            minor = version.charAt(7) == '0' ? 0 : 1; // a later 1.x is answered as 1.1
        } else {
            throw new BadRequest("not HTTP/1.x");
        }
        return new RequestHead(method, target, pathOf(target), minor, Collections.unmodifiableMap(headers),
                contentLength(headers.get("content-length")));
    }

    private static void field(String line, Map<String, String> headers) throws BadRequest {
        char first = line.charAt(0);
        if (first == ' ' || first == '\t') {
            throw new BadRequest("obs-fold"); // RFC 9112 5.2: a server may reject it with 400
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw new BadRequest("field line without a colon");
        }
        String name = line.substring(0, colon);
        if (!isToken(name)) {
            // Covers "Name : value" too: whitespace before the colon must be refused (RFC 9112 5.1).
            throw new BadRequest("field name is not a token");
        }
        String value = line.substring(colon + 1).strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new BadRequest("control character in a field value");
            }
        }
        headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b);
    }

    private static long contentLength(String value) throws BadRequest {
        if (value == null) {
            return -1;
        }
        // Repeated fields arrive joined ("5, 5"): allowed only when all agree (RFC 9110 8.6).
        long length = -1;
        for (String part : value.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw new BadRequest("empty Content-Length");
            }
            for (int i = 0; i < p.length(); i++) {
                if (!isDigit(p.charAt(i))) {
                    throw new BadRequest("Content-Length is not a number");
                }
            }
            // More than 18 digits cannot be a real body here; all we need is "greater than zero".
            long n = p.length() > 18 ? Long.MAX_VALUE : Long.parseLong(p);
            if (length >= 0 && n != length) {
                throw new BadRequest("conflicting Content-Length");
            }
            length = n;
        }
        return length;
    }

    /**
     * The path a target routes by: origin-form ({@code /metrics?x=1}) loses its query,
     * absolute-form ({@code http://host:1/metrics}) is reduced to its path ("/" when it has none),
     * and percent-escapes are decoded as UTF-8, as Netty's QueryStringDecoder did before.
     *
     * @throws BadRequest on a broken percent-escape
     */
    static String pathOf(String target) throws BadRequest {
        String p = target;
        if (!p.startsWith("/")) {
            int scheme = p.indexOf("://");
            if (scheme > 0 && isScheme(p, scheme)) {
                int start = p.indexOf('/', scheme + 3);
                int query = indexOfAny(p, scheme + 3);
                if (start < 0 || (query >= 0 && query < start)) {
                    return "/";
                }
                p = p.substring(start);
            }
        }
        int cut = indexOfAny(p, 0);
        if (cut >= 0) {
            p = p.substring(0, cut);
        }
        return p.indexOf('%') < 0 ? p : percentDecode(p);
    }

    private static int indexOfAny(String s, int from) {
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
            if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static String percentDecode(String p) throws BadRequest {
        ByteArrayOutputStream out = new ByteArrayOutputStream(p.length());
        int run = 0; // start of the text since the last escape
        for (int i = p.indexOf('%'); i >= 0; i = p.indexOf('%', run)) {
            out.writeBytes(p.substring(run, i).getBytes(StandardCharsets.UTF_8));
            if (i + 2 >= p.length()) {
                throw new BadRequest("truncated percent-escape");
            }
            if (!HexFormat.isHexDigit(p.charAt(i + 1)) || !HexFormat.isHexDigit(p.charAt(i + 2))) {
                throw new BadRequest("bad percent-escape");
            }
            out.write(HexFormat.fromHexDigits(p, i + 1, i + 3));
            run = i + 3;
        }
        out.writeBytes(p.substring(run).getBytes(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAlpha(c) && !isDigit(c) && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVisibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
