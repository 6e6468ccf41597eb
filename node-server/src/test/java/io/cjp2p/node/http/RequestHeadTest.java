package io.cjp2p.node.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestHeadTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int end(String s) {
        byte[] b = bytes(s);
        return RequestHead.end(b, b.length);
    }

    private static RequestHead parse(String s) throws RequestHead.BadRequest {
        byte[] b = bytes(s);
        int end = RequestHead.end(b, b.length);
        assertEquals(b.length, end, "the test head should be exactly one head");
        return RequestHead.parse(b, end);
    }

    @Test
    void endFindsTheEmptyLine() {
        assertEquals(-1, end(""));
        assertEquals(-1, end("GET / HTTP/1.1\r\n"));
        assertEquals(-1, end("GET / HTTP/1.1\r\nHost: a\r\n\r"));
        assertEquals(18, end("GET / HTTP/1.1\r\n\r\n"));
        assertEquals(16, end("GET / HTTP/1.1\n\n"));
        assertEquals(17, end("GET / HTTP/1.1\r\n\n"));
        // Empty lines before the request line are skipped, not taken as the end.
        assertEquals(22, end("\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
        assertEquals(-1, end("\r\n\r\n\n"));
        // Pipelined: the first head ends where the second begins.
        assertEquals(18, end("GET / HTTP/1.1\r\n\r\nGET /x HTTP/1.1\r\n\r\n"));
    }

    @Test
    void parsesARequest() throws Exception {
        RequestHead h = parse("GET /metrics?x=1 HTTP/1.1\r\nHost: node:24255\r\nACCEPT:  text/plain \r\n"
                + "accept: */*\r\n\r\n");
        assertEquals("GET", h.method());
        assertEquals("/metrics?x=1", h.target());
        assertEquals("/metrics", h.path());
        assertEquals(1, h.minorVersion());
        assertEquals("node:24255", h.header("HOST"));
        assertEquals("text/plain, */*", h.header("Accept"), "repeated fields join, values trimmed");
        assertEquals(-1, h.contentLength());
        assertTrue(h.keepAlive());
        assertFalse(h.hasBody());
        assertNull(h.header("connection"));
    }

    @Test
    void emptyLinesBeforeTheRequestLineAreIgnored() throws Exception {
        assertEquals("/healthz", parse("\r\n\nGET /healthz HTTP/1.0\n\n").path());
    }

    @Test
    void targets() throws Exception {
        assertEquals("/metrics", RequestHead.pathOf("/metrics"));
        assertEquals("/metrics", RequestHead.pathOf("/metrics?"));
        assertEquals("/metrics", RequestHead.pathOf("/metrics#frag"));
        assertEquals("/metrics", RequestHead.pathOf("http://host/metrics"));
        assertEquals("/metrics", RequestHead.pathOf("HTTP://host:24255/metrics?a=/b"));
        assertEquals("/metrics", RequestHead.pathOf("https://[::1]:1/metrics"));
        assertEquals("/", RequestHead.pathOf("http://host"));
        assertEquals("/", RequestHead.pathOf("http://host?a=/metrics"));
        assertEquals("/metrics", RequestHead.pathOf("/metric%73"));
        assertEquals("/a b/\u00e9", RequestHead.pathOf("/a%20b/%C3%A9"));
        assertEquals("*", RequestHead.pathOf("*"));
        assertEquals("host:443", RequestHead.pathOf("host:443"));
        assertEquals("1http://x/metrics", RequestHead.pathOf("1http://x/metrics"), "not a scheme");
        assertThrows(RequestHead.BadRequest.class, () -> RequestHead.pathOf("/a%2"));
        assertThrows(RequestHead.BadRequest.class, () -> RequestHead.pathOf("/a%zz"));
        assertThrows(RequestHead.BadRequest.class, () -> RequestHead.pathOf("/a%"));
    }

    @Test
    void keepAliveByVersionAndConnection() throws Exception {
        assertTrue(parse("GET / HTTP/1.1\r\n\r\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.1\r\nConnection: upgrade, close\r\n\r\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertTrue(parse("GET / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n").keepAlive());
        assertTrue(parse("GET / HTTP/1.2\r\n\r\n").keepAlive(), "a later 1.x is treated as 1.1");
        assertEquals(1, parse("GET / HTTP/1.9\r\n\r\n").minorVersion());
    }

    @Test
    void bodies() throws Exception {
        assertFalse(parse("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n").hasBody());
        assertTrue(parse("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n").hasBody());
        assertEquals(5, parse("POST / HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n").contentLength());
        assertEquals(Long.MAX_VALUE, parse("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n")
                .contentLength());
        assertTrue(parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").hasBody());
        assertTrue(parse("GET / HTTP/1.1\r\ntransfer-encoding: identity\r\n\r\n").hasBody());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /\r\n\r\n",                                      // HTTP/0.9 style
        "GET / HTTP/1.1 extra\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",                            // two spaces
        " GET / HTTP/1.1\r\n\r\n",
        "GET\t/ HTTP/1.1\r\n\r\n",
        "GET / HTTP/2.0\r\n\r\n",
        "GET / HTTP/1.10\r\n\r\n",
        "GET / http/1.1\r\n\r\n",
        "GET / HTTP/1.x\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n",
        "GET /\u00e9 HTTP/1.1\r\n\r\n",                       // not ASCII
        "GET /a\u0001b HTTP/1.1\r\n\r\n",
        "GET /a%zz HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nNo colon\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n",          // obs-fold
        "GET / HTTP/1.1\r\nX: a\r\n\tfolded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : a\r\n\r\n",                 // space before the colon
        "GET / HTTP/1.1\r\n: a\r\n\r\n",                      // empty name
        "GET / HTTP/1.1\r\nX-A\u00e9: a\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n",                  // bare CR
        "GET / HTTP/1.1\rHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 5,\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length:\r\n\r\n",
    })
    void malformedHeadsAreBadRequests(String head) {
        assertThrows(RequestHead.BadRequest.class, () -> parse(head), head);
    }

    @Test
    void parseRefusesBytesThatAreNotExactlyOneHead() {
        byte[] two = bytes("GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n");
        assertThrows(RequestHead.BadRequest.class, () -> RequestHead.parse(two, two.length));
        byte[] part = bytes("GET / HTTP/1.1\r\nHost: a");
        assertThrows(RequestHead.BadRequest.class, () -> RequestHead.parse(part, part.length));
        byte[] empty = bytes("\r\n\r\n");
        assertThrows(RequestHead.BadRequest.class, () -> RequestHead.parse(empty, empty.length));
    }

    @Test
    void obsTextInValuesIsKept() throws Exception {
        assertEquals("caf\u00e9", parse("GET / HTTP/1.1\r\nX-Name: caf\u00e9\r\n\r\n").header("x-name"));
    }
}
