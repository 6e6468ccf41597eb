package io.cjp2p.node.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing as a pure function: method and target in (reduced to its path as {@link RequestTarget}
 * does), response out, no socket.
 */
class HttpEndpointsRoutingTest {
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final HttpEndpoints endpoints = new HttpEndpoints(() -> "m 1\n",
            () -> "{}".getBytes(StandardCharsets.UTF_8), healthy::get);

    private static String body(Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static Response respond(HttpEndpoints endpoints, String method, String target) throws Exception {
        return endpoints.respond(method, RequestTarget.pathOf(target));
    }

    @Test
    void metrics() throws Exception {
        for (String target : new String[] {"/metrics", "/metrics?x=1", "http://h:1/metrics", "/metric%73"}) {
            Response r = respond(endpoints, "GET", target);
            assertEquals(200, r.status(), target);
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.contentType());
            assertEquals("m 1\n", body(r));
        }
        assertEquals("m 1\n", body(respond(endpoints, "HEAD", "/metrics")), "HEAD gets the GET body's length");
        Response off = respond(new HttpEndpoints(null, () -> new byte[0], () -> true), "GET", "/metrics");
        assertEquals(404, off.status());
        assertEquals("metrics are off\n", body(off));
    }

    @Test
    void status() throws Exception {
        Response r = respond(endpoints, "GET", "/status.json");
        assertEquals(200, r.status());
        assertEquals("application/json", r.contentType());
        assertEquals("*", r.headers().get("Access-Control-Allow-Origin"));
        assertEquals("{}", body(r));
    }

    @Test
    void theChatPageIsServedWithAStrictPolicyAndFetchesNothingFromElsewhere() throws Exception {
        Response page = respond(endpoints, "GET", "/");
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.contentType());
        assertEquals(body(page), body(respond(endpoints, "GET", "/index.html")));
        assertTrue(page.headers().get("Content-Security-Policy").startsWith("default-src 'none';"));
        assertEquals("nosniff", page.headers().get("X-Content-Type-Options"));
        assertEquals("text/javascript; charset=utf-8", respond(endpoints, "GET", "/chat.js").contentType());
        assertEquals("text/css; charset=utf-8", respond(endpoints, "GET", "/chat.css").contentType());
        for (String file : new String[] {"/", "/chat.js", "/chat.css"}) {
            String text = body(respond(endpoints, "GET", file));
            assertFalse(text.contains("http://") || text.contains("https://") || text.contains("//cdn"),
                    file + " names no other site");
            assertFalse(text.contains("innerHTML") || text.contains("insertAdjacentHTML") || text.contains("eval("),
                    file + " never turns text into markup");
        }
        assertEquals(404, respond(endpoints, "GET", "/chat.jsx").status());
    }

    @Test
    void healthz() throws Exception {
        assertEquals("ok\n", body(respond(endpoints, "GET", "/healthz")));
        healthy.set(false);
        Response r = respond(endpoints, "GET", "/healthz");
        assertEquals(503, r.status());
        assertEquals("udp sockets closed\n", body(r));
    }

    @Test
    void everythingElse() throws Exception {
        Response r = respond(endpoints, "GET", "/metrics/");
        assertEquals(404, r.status());
        assertEquals("not found: try /, /metrics, /status.json, /healthz\n", body(r));
        assertEquals("text/plain; charset=utf-8", r.contentType());
        for (String method : new String[] {"POST", "PUT", "OPTIONS", "get", "CONNECT"}) {
            Response m = respond(endpoints, method, "/metrics");
            assertEquals(405, m.status(), method);
            assertEquals("GET, HEAD", m.headers().get("Allow"));
            assertEquals("GET only\n", body(m));
        }
        // A broken escape never gets here: RequestTarget refuses it, and the listener answers 400
        // (HttpServerTest.malformedHeadsGet400AndClose).
        assertThrows(RequestTarget.BadTarget.class, () -> respond(endpoints, "GET", "/a%zz"));
    }

    @Test
    void aThrowingOrNullSupplierIs500() throws Exception {
        HttpEndpoints broken = new HttpEndpoints(() -> {
            throw new IllegalStateException("boom");
        }, () -> null, () -> true);
        for (String target : new String[] {"/metrics", "/status.json"}) {
            Response r = respond(broken, "GET", target);
            assertEquals(500, r.status(), target);
            assertEquals("internal error\n", body(r));
        }
    }

    @Test
    void theHeadCarriesCacheControlLengthAndConnection() throws Exception {
        Response r = respond(endpoints, "GET", "/status.json");
        FullHttpResponse keep = HttpReplies.toNetty(r, false, null);
        try {
            assertEquals(HttpVersion.HTTP_1_1, keep.protocolVersion());
            assertEquals(200, keep.status().code());
            assertEquals("OK", keep.status().reasonPhrase());
            assertEquals("no-store", keep.headers().get("Cache-Control"));
            assertEquals("2", keep.headers().get("Content-Length"));
            assertEquals("*", keep.headers().get("Access-Control-Allow-Origin"));
            assertNull(keep.headers().get("Connection"));
            assertEquals("{}", keep.content().toString(StandardCharsets.UTF_8));
        } finally {
            keep.release();
        }
        FullHttpResponse head = HttpReplies.toNetty(r, true, "close");
        assertEquals("close", head.headers().get("Connection"));
        assertEquals("2", head.headers().get("Content-Length"), "HEAD announces the GET body's length");
        assertEquals(0, head.content().readableBytes());
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), r.body());
        assertNull(r.headers().get("Allow"));
    }
}
