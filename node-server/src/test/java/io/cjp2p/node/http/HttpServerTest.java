package io.cjp2p.node.http;

import ch.qos.logback.classic.Level;
import io.cjp2p.node.support.Await;
import io.cjp2p.node.support.LogCapture;
import io.cjp2p.node.support.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listener over real loopback sockets, byte by byte, with a raw client. */
class HttpServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String METRICS = "# TYPE x counter\nx_total 1\n";
    private static final Duration SHORT = Duration.ofMillis(300);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private HttpServer server;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private HttpServer start(Supplier<String> metrics, HttpServer.Limits limits) throws IOException {
        BooleanSupplier healthy = () -> true;
        server = HttpServer.start(LOOPBACK, 0, new HttpEndpoints(metrics,
                () -> "{\"version\":\"t\"}".getBytes(StandardCharsets.UTF_8), healthy), null, limits);
        return server;
    }

    private HttpServer start() throws IOException {
        return start(() -> METRICS, HttpServer.Limits.DEFAULT);
    }

    private RawHttp connect() throws IOException {
        return connect(0);
    }

    private RawHttp connect(int receiveBuffer) throws IOException {
        RawHttp c = new RawHttp(new InetSocketAddress("127.0.0.1", server.localAddress().getPort()), receiveBuffer);
        toClose.add(c);
        return c;
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    @Test
    void keepAliveServesTwoRequestsOnOneConnection() throws Exception {
        start();
        RawHttp c = connect();
        RawHttp.Reply first = c.send(get("/healthz")).read();
        assertEquals("HTTP/1.1 200 OK", first.statusLine());
        assertEquals("ok\n", first.text());
        assertEquals("no-store", first.header("cache-control"));
        assertNull(first.header("connection"), "HTTP/1.1 keep-alive needs no Connection field");
        RawHttp.Reply second = c.send(get("/metrics")).read();
        assertEquals(200, second.status());
        assertEquals(METRICS, second.text());
        assertEquals(HttpEndpoints.PROMETHEUS_TEXT, second.header("content-type"));
        assertEquals(1, server.openConnections());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start();
        RawHttp c = connect();
        c.send(get("/healthz") + get("/nope") + "HEAD /metrics HTTP/1.1\r\n\r\n" + get("/status.json"));
        assertEquals("ok\n", c.read().text());
        assertEquals(404, c.read().status());
        RawHttp.Reply head = c.read(true);
        assertEquals(200, head.status());
        assertEquals(String.valueOf(METRICS.length()), head.header("content-length"));
        RawHttp.Reply status = c.read();
        assertEquals("application/json", status.header("content-type"));
        assertEquals("{\"version\":\"t\"}", status.text());
        assertFalse(c.closedByServerWithin(200), "still open for more");
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        start();
        RawHttp plain = connect();
        RawHttp.Reply r = plain.send("GET /healthz HTTP/1.0\r\n\r\n").read();
        assertEquals(200, r.status());
        assertEquals("close", r.header("connection"));
        assertTrue(plain.closedByServer());

        RawHttp kept = connect();
        r = kept.send("GET /healthz HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").read();
        assertEquals("keep-alive", r.header("connection"));
        assertEquals("ok\n", kept.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().text());
    }

    @Test
    void connectionCloseCloses() throws Exception {
        start();
        RawHttp c = connect();
        RawHttp.Reply r = c.send("GET /healthz HTTP/1.1\r\nHost: t\r\nconnection: Close\r\n\r\n").read();
        assertEquals("ok\n", r.text());
        assertEquals("close", r.header("connection"));
        assertTrue(c.closedByServer());
    }

    @Test
    void headHasTheLengthOfTheGetButNoBody() throws Exception {
        start();
        RawHttp c = connect();
        RawHttp.Reply head = c.send("HEAD /metrics HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
        assertEquals(200, head.status());
        assertEquals(String.valueOf(METRICS.getBytes(StandardCharsets.UTF_8).length), head.header("content-length"));
        // Were any body bytes sent, this would read them as the next status line.
        assertEquals("HTTP/1.1 200 OK", c.send(get("/healthz")).read().statusLine());
    }

    @Test
    void headsOver8KiBAreRefusedAndClosed() throws Exception {
        start();
        String justUnder = "GET /healthz HTTP/1.1\r\nX-Pad: " + "a".repeat(8000) + "\r\n\r\n";
        assertTrue(justUnder.length() <= 8192);
        assertEquals(200, connect().send(justUnder).read().status());

        RawHttp c = connect();
        c.send("GET /healthz HTTP/1.1\r\nX-Pad: " + "a".repeat(9000) + "\r\n\r\n");
        RawHttp.Reply r = c.read();
        assertEquals(431, r.status());
        assertEquals("close", r.header("connection"));
        assertTrue(c.closedByServer());
    }

    @Test
    void malformedHeadsGet400AndClose() throws Exception {
        start();
        for (String bad : new String[] {"GARBAGE\r\n\r\n", "GET /healthz HTTP/1.1\r\nNo colon here\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nX : a\r\n\r\n", "GET /healthz HTTP/3.0\r\n\r\n",
                "GET /healthz HTTP/1.1\nHost: t\n\n", "GET /metric%zz HTTP/1.1\r\n\r\n"}) {
            RawHttp c = connect();
            RawHttp.Reply r = c.send(bad).read();
            assertEquals(400, r.status(), bad);
            assertEquals("bad request\n", r.text());
            assertTrue(c.closedByServer(), bad);
        }
    }

    @Test
    void postWithABodyGets405AndClose() throws Exception {
        start();
        RawHttp c = connect();
        RawHttp.Reply r = c.send("POST /metrics HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello").read();
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("allow"));
        assertEquals("GET only\n", r.text());
        assertEquals("close", r.header("connection"));
        assertTrue(c.closedByServer());

        // Without a body there is nothing to skip, so the connection stays usable.
        RawHttp empty = connect();
        assertEquals(405, empty.send("DELETE /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n").read().status());
        assertEquals("ok\n", empty.send(get("/healthz")).read().text());
    }

    @Test
    void aChunkedBodyIsNotReadAsTheNextRequest() throws Exception {
        start();
        RawHttp c = connect();
        // Were the chunk parsed as a request, a second response (404) would follow the first.
        RawHttp.Reply r = c.send("GET /healthz HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "1c\r\nGET /nope HTTP/1.1\r\nHost: t\r\n\r\n\r\n0\r\n\r\n").read();
        assertEquals(200, r.status());
        assertEquals("close", r.header("connection"));
        assertTrue(c.closedByServer());
    }

    @Test
    void aStalledHeadIsClosedAtTheDeadline() throws Exception {
        start(() -> METRICS, HttpServer.Limits.DEFAULT.withTimeouts(SHORT, Duration.ofSeconds(60), SHORT));
        RawHttp c = connect();
        c.send("GET /heal");
        long t0 = System.nanoTime();
        assertTrue(c.closedByServer());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 200 && ms < 3000, "closed after " + ms + " ms");
        Await.until(() -> server.openConnections() == 0, "the server to forget it");
    }

    @Test
    void tricklingBytesDoNotMoveTheHeadDeadline() throws Exception {
        start(() -> METRICS, HttpServer.Limits.DEFAULT.withTimeouts(SHORT, Duration.ofSeconds(60), SHORT));
        RawHttp c = connect();
        long t0 = System.nanoTime();
        String head = "GET /healthz HTTP/1.1\r\nX-Slow: " + "a".repeat(100);
        boolean closed = false;
        try {
            for (char ch : head.toCharArray()) {
                c.send(String.valueOf(ch));
                Thread.sleep(20); // 100+ bytes at 20 ms: over 2 s if the deadline moved with each byte
            }
        } catch (SocketException e) {
            closed = true;
        }
        closed = closed || c.closedByServer();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(closed);
        assertTrue(ms < 1500, "closed after " + ms + " ms");
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        start(() -> METRICS, HttpServer.Limits.DEFAULT.withTimeouts(Duration.ofSeconds(10), SHORT, SHORT));
        RawHttp c = connect();
        assertEquals(200, c.send(get("/healthz")).read().status());
        long t0 = System.nanoTime();
        assertTrue(c.closedByServer());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 200 && ms < 3000, "closed after " + ms + " ms");
    }

    /**
     * The attack a fixed cap invited: 64 kept-alive connections, each of which asks for a page now
     * and then, held every slot, and an honest scraper was refused for as long as they liked. At
     * the cap the connection idle the longest now makes room.
     */
    @Test
    void sixtyFourKeptAliveSquattersDoNotLockOutAnHonestGet() throws Exception {
        start();
        List<RawHttp> squatters = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            RawHttp c = connect();
            assertEquals("ok\n", c.send(get("/healthz")).read().text());
            squatters.add(c);
        }
        Await.until(() -> server.openConnections() == 64, "64 open connections");
        // The first squatter asks again: now the second one has been idle the longest.
        assertEquals("ok\n", squatters.get(0).send(get("/healthz")).read().text());

        RawHttp honest = connect();
        assertEquals(METRICS, honest.send(get("/metrics")).read().text());
        assertEquals(1, server.evictedConnections());
        assertEquals(64, server.openConnections());
        assertTrue(squatters.get(1).closedByServer(), "the idlest made room");
        assertFalse(squatters.get(0).closedByServerWithin(100), "an active one stays");
        assertEquals("ok\n", squatters.get(63).send(get("/healthz")).read().text());
        // The honest client is the newest: the next newcomer evicts another squatter, not it.
        assertEquals("ok\n", connect().send(get("/healthz")).read().text());
        assertEquals(2, server.evictedConnections());
        assertEquals("ok\n", honest.send(get("/healthz")).read().text());
    }

    @Test
    void aThrowingSupplierGives500AndTheListenerCarriesOn() throws Exception {
        try (LogCapture log = LogCapture.of(HttpEndpoints.class)) {
            AtomicInteger calls = new AtomicInteger();
            start(() -> {
                if (calls.getAndIncrement() == 0) {
                    throw new IllegalStateException("registry broke");
                }
                return METRICS;
            }, HttpServer.Limits.DEFAULT);
            RawHttp.Reply r = connect().send(get("/metrics")).read();
            assertEquals(500, r.status());
            assertEquals("internal error\n", r.text());
            assertEquals(METRICS, connect().send(get("/metrics")).read().text());
            assertEquals(1, log.at(Level.WARN).size());
        }
    }

    @Test
    void anErrorFromASupplierClosesOnlyThatConnection() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        start(() -> {
            if (calls.getAndIncrement() == 0) {
                throw new AssertionError("not a RuntimeException");
            }
            return METRICS;
        }, HttpServer.Limits.DEFAULT);
        RawHttp other = connect();
        assertEquals(200, other.send(get("/healthz")).read().status());
        assertTrue(connect().send(get("/metrics")).closedByServer());
        assertFalse(server.terminated());
        assertEquals(METRICS, connect().send(get("/metrics")).read().text());
        assertEquals("ok\n", other.send(get("/healthz")).read().text());
    }

    @Test
    void aLargeBodyArrivesWholeThroughPartialWrites() throws Exception {
        StringBuilder b = new StringBuilder(2_100_000);
        for (int i = 0; b.length() < 2_000_000; i++) {
            b.append("cjp2p_series_").append(i).append(" ").append(i * 7).append('\n');
        }
        String big = b.toString();
        start(() -> big, HttpServer.Limits.DEFAULT.withSendBuffer(8192));
        RawHttp c = connect(8192);
        c.send(get("/metrics"));
        Thread.sleep(100); // let the server fill both buffers and wait until the socket takes more
        RawHttp.Reply r = c.read();
        assertArrayEquals(big.getBytes(StandardCharsets.UTF_8), r.body());
        assertEquals("ok\n", c.send(get("/healthz")).read().text());
    }

    @Test
    void aResponseNotTakenInTimeIsCutOff() throws Exception {
        String big = "x".repeat(4_000_000);
        start(() -> big, HttpServer.Limits.DEFAULT.withSendBuffer(8192).withTimeouts(Duration.ofSeconds(10),
                Duration.ofSeconds(60), SHORT));
        RawHttp c = connect(8192);
        c.send(get("/metrics"));
        Await.until(() -> server.openConnections() == 1, "the connection to be accepted");
        Await.until(() -> server.openConnections() == 0, "the write deadline to close it");
        // What arrived is short of the whole response, then the stream ends.
        InputStream in = c.socket.getInputStream();
        long got = 0;
        try {
            for (int n; (n = in.read(new byte[65536])) > 0; ) {
                got += n;
            }
        } catch (SocketException e) {
            // reset: also an end
        }
        assertTrue(got < big.length(), "got " + got);
    }

    @Test
    void absoluteFormAndQueryRouteByPath() throws Exception {
        start();
        RawHttp c = connect();
        assertEquals(METRICS, c.send("GET http://127.0.0.1:9/metrics?x=1 HTTP/1.1\r\n\r\n").read().text());
        assertEquals(METRICS, c.send(get("/metrics?name[]=a")).read().text());
    }

    @Test
    void closeIsIdempotentAndClosesConnectionsAndThePort() throws Exception {
        start();
        int port = server.localAddress().getPort();
        RawHttp c = connect();
        assertEquals(200, c.send(get("/healthz")).read().status());
        server.close();
        server.close();
        assertTrue(server.terminated());
        assertTrue(c.closedByServer());
        // The port is free again.
        server = HttpServer.start(LOOPBACK, port, new HttpEndpoints(null, () -> new byte[0], () -> true));
        assertEquals(port, server.localAddress().getPort());
        assertEquals("metrics are off\n", connect().send(get("/metrics")).read().text());
    }

    @Test
    void aTakenPortFailsWithBindException() throws Exception {
        start();
        assertThrows(BindException.class, () -> HttpServer.start(LOOPBACK, server.localAddress().getPort(),
                new HttpEndpoints(null, () -> new byte[0], () -> true)));
    }

    @Test
    void aClientThatNeverSpeaksIsClosedAtTheHeadDeadline() throws Exception {
        start(() -> METRICS, HttpServer.Limits.DEFAULT.withTimeouts(SHORT, Duration.ofSeconds(60), SHORT));
        RawHttp c = connect();
        long t0 = System.nanoTime();
        assertTrue(c.closedByServer());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 200 && ms < 3000, "closed after " + ms + " ms");
    }
}
