package io.cjp2p.node.http;

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
 * Routing as a pure function: method and target in (reduced to its path as {@link RequestHead}
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
        return endpoints.respond(method, RequestHead.pathOf(target));
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
        assertEquals("not found: try /metrics, /status.json, /healthz\n", body(r));
        assertEquals("text/plain; charset=utf-8", r.contentType());
        for (String method : new String[] {"POST", "PUT", "OPTIONS", "get", "CONNECT"}) {
            Response m = respond(endpoints, method, "/metrics");
            assertEquals(405, m.status(), method);
            assertEquals("GET, HEAD", m.headers().get("Allow"));
            assertEquals("GET only\n", body(m));
        }
        // A broken escape never gets here: RequestHead refuses the head, and the listener answers
        // 400 (HttpServerTest.malformedHeadsGet400AndClose).
        assertThrows(RequestHead.BadRequest.class, () -> respond(endpoints, "GET", "/a%zz"));
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
        String keep = new String(r.head(null), StandardCharsets.ISO_8859_1);
        assertTrue(keep.startsWith("HTTP/1.1 200 OK\r\n"), keep);
        assertTrue(keep.contains("\r\nCache-Control: no-store\r\n"), keep);
        assertTrue(keep.contains("\r\nContent-Length: 2\r\n"), keep);
        assertTrue(keep.endsWith("\r\n\r\n"), keep);
        assertFalse(keep.contains("Connection:"), keep);
        assertTrue(new String(r.head("close"), StandardCharsets.ISO_8859_1).contains("\r\nConnection: close\r\n"));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), r.body());
        assertNull(r.headers().get("Allow"));
    }
}
