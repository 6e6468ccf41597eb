package io.cjp2p.node.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parser as properties over seeded random input (a failure names its seed): junk never throws
 * anything but BadRequest, and any head we build by the grammar parses back to what we built,
 * whatever the case of its field names and however its lines end.
 */
class RequestHeadPropertiesTest {
    private static final String TCHAR = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void junkIsEitherIncompleteOrParsedOrABadRequest(long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[r.nextInt(200)];
        // Mostly head-like bytes, so the scan reaches the interesting paths.
        byte[] alphabet = "GET /:\r\n \tHTTP/1.01a%?".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
        }
        int end = RequestHead.end(b, b.length);
        assertTrue(end == -1 || (end > 0 && end <= b.length && b[end - 1] == '\n'));
        if (end > 0) {
            try {
                RequestHead h = RequestHead.parse(b, end);
                assertTrue(h.path() != null && !h.method().isEmpty());
            } catch (RequestHead.BadRequest expected) {
                // fine: junk is a 400
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void wellFormedHeadsParseBack(long seed) throws Exception {
        Random r = new Random(seed);
        String eol = r.nextBoolean() ? "\r\n" : "\n";
        String method = token(r, 1 + r.nextInt(8));
        String path = "/" + token(r, r.nextInt(10)).replace("%", "").replace("#", "");
        String query = r.nextBoolean() ? "" : "?" + token(r, r.nextInt(10)).replace("#", "");
        int minor = r.nextInt(2);
        Map<String, String> fields = new HashMap<>();
        StringBuilder head = new StringBuilder();
        for (int i = r.nextInt(3); i > 0; i--) {
            head.append(eol); // leading empty lines are allowed
        }
        head.append(method).append(' ').append(path).append(query).append(" HTTP/1.").append(minor).append(eol);
        for (int i = r.nextInt(6); i > 0; i--) {
            String name = "x-" + token(r, 1 + r.nextInt(6)).toLowerCase(Locale.ROOT);
            if (fields.containsKey(name)) {
                continue;
            }
            String value = token(r, r.nextInt(12));
            fields.put(name, value);
            head.append(randomCase(r, name)).append(':').append(" ".repeat(r.nextInt(3))).append(value)
                    .append(r.nextBoolean() ? "\t" : "").append(eol);
        }
        head.append(eol);
        byte[] b = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(b.length, RequestHead.end(b, b.length), head.toString());
        RequestHead h = RequestHead.parse(b, b.length);
        assertEquals(method, h.method());
        assertEquals(path + query, h.target());
        assertEquals(path, h.path());
        assertEquals(minor, h.minorVersion());
        for (Map.Entry<String, String> f : fields.entrySet()) {
            assertEquals(f.getValue(), h.header(randomCase(r, f.getKey())), f.getKey());
        }
        assertEquals(fields.size(), h.headers().size());
    }

    private static String token(Random r, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(TCHAR.charAt(r.nextInt(TCHAR.length())));
        }
        return s.toString();
    }

    private static String randomCase(Random r, String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(r.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return b.toString();
    }
}
