package io.cjp2p.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The chat page the node serves at {@code /}: a few static files packaged in the jar, read once.
 * Nothing is built and nothing is fetched from elsewhere; the Content-Security-Policy says so to
 * the browser too (scripts, styles and connections from this origin only, no frames, no forms).
 */
final class StaticPages {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String DIR = "/io/cjp2p/node/http/page/";
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "chat.js", "text/javascript; charset=utf-8",
            "chat.css", "text/css; charset=utf-8");

    private final Map<String, Response> byPath = new HashMap<>();

    StaticPages() {
        TYPES.forEach((file, type) -> {
            Response r = new Response(200, "OK", type, Map.of("Content-Security-Policy", CSP,
                    "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer"), read(file));
            byPath.put("/" + file, r);
            if (file.equals("index.html")) {
                byPath.put("/", r);
            }
        });
    }

    /** The file at {@code path}, or null. */
    Response find(String path) {
        return byPath.get(path);
    }

    private static byte[] read(String file) {
        try (InputStream in = StaticPages.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + DIR + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
