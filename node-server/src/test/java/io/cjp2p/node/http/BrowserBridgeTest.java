package io.cjp2p.node.http;

import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.runtime.BridgeToNode;
import io.cjp2p.node.support.Await;
import io.cjp2p.node.support.RawHttp;
import io.cjp2p.node.support.WsClient;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser bridge over real loopback sockets with the JDK's WebSocket client, wired to the
 * node's real handling of browser frames ({@link BridgeToNode}) over a real peer table.
 */
class BrowserBridgeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String KEY = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.7", 40001);

    private final Counting events = new Counting();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private HttpServer server;
    private BrowserBridge bridge;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(String key, List<String> allowOrigins, BrowserBridge.Limits limits,
                       HttpServer.Limits httpLimits) throws IOException {
        PeerTable peers = new PeerTable(100);
        long now = System.nanoTime();
        peers.verified(PEER, now);
        peers.rebuildHandout(now, Duration.ofMinutes(10).toNanos());
        bridge = new BrowserBridge(allowOrigins, key, new BridgeToNode(peers), events, limits);
        server = HttpServer.start(LOOPBACK, 0, new HttpEndpoints(() -> "m 1\n", () -> new byte[0], () -> true),
                bridge, httpLimits);
    }

    private void start() throws IOException {
        start(KEY, List.of(), BrowserBridge.Limits.DEFAULT, HttpServer.Limits.DEFAULT);
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.localAddress().getPort() + path);
    }

    private WsClient open(String origin) {
        return open("/wt", origin);
    }

    private WsClient open(String path, String origin) {
        WsClient c = WsClient.open(uri(path), origin);
        toClose.add(c);
        return c;
    }

    @Test
    void aPageIsGreetedWithOurKeyThenAnswered() throws Exception {
        start();
        WsClient c = open(null);
        assertEquals("[{\"YourEd25519\":{\"ed25519\":\"" + KEY + "\"}}]", c.next());
        c.text("[{\"PleaseSendPeers\":{}}]");
        assertEquals("[{\"Peers\":{\"peers\":[\"127.0.0.7:40001\"]}}]", c.next());
        c.text("[{\"PleaseReturnThisMessage\":{\"x\":[1,\"two\"],\"y\":null}},{\"Unknown\":{}}]");
        assertEquals("[{\"ReturnedMessage\":{\"x\":[1,\"two\"],\"y\":null}}]", c.next());
        Await.until(() -> events.sent.get() == 3, "three frames counted out");
        assertEquals(1, bridge.clients());
        assertEquals(0, server.openConnections(), "a WebSocket leaves the HTTP connections' pool");
        assertEquals(1, events.opened.get());
        assertEquals(2, events.received.get());
    }

    @Test
    void withoutAKeyThereIsNoGreeting() throws Exception {
        start(null, List.of(), BrowserBridge.Limits.DEFAULT, HttpServer.Limits.DEFAULT);
        WsClient c = open(null);
        c.text("[{\"PleaseReturnThisMessage\":1}]");
        assertEquals("[{\"ReturnedMessage\":1}]", c.next(), "the answer is the first frame");
    }

    @Test
    void binaryFramesAreTakenLikeText() throws Exception {
        start();
        WsClient c = open(null);
        c.next();
        c.socket.sendBinary(ByteBuffer.wrap("[{\"PleaseReturnThisMessage\":\"b\"}]".getBytes(StandardCharsets.UTF_8)),
                true).join();
        assertEquals("[{\"ReturnedMessage\":\"b\"}]", c.next());
    }

    @Test
    void badFramesAreCountedAndTheSocketStaysOpen() throws Exception {
        start();
        WsClient c = open(null);
        c.next();
        c.text("not json");
        c.text("{\"PleaseSendPeers\":{}}");
        c.text("[" + "[".repeat(200) + "]".repeat(200) + "]");
        c.text("[{\"PleaseReturnThisMessage\":\"still here\"}]");
        assertEquals("[{\"ReturnedMessage\":\"still here\"}]", c.next());
        assertEquals(3, events.count(BridgeRefusal.BAD_FRAME));
        assertEquals(4, events.received.get());
        assertFalse(c.closed.isDone());
    }

    @Test
    void aFrameOverTheSizeLimitClosesTheSocket() throws Exception {
        start(KEY, List.of(), new BrowserBridge.Limits(16, 4096, 1 << 20, 200, Duration.ofSeconds(30)),
                HttpServer.Limits.DEFAULT);
        WsClient c = open(null);
        c.next();
        c.text("[{\"PleaseReturnThisMessage\":\"" + "x".repeat(5000) + "\"}]");
        assertEquals(1009, c.closed.get(5, TimeUnit.SECONDS), "message too big");
        Await.until(() -> events.count(BridgeRefusal.BAD_FRAME) == 1, "the bad frame counted");
        Await.until(() -> bridge.clients() == 0, "the page gone");
    }

    @Test
    void pagesFromLoopbackHostsOrListedOriginsGetIn() throws Exception {
        start(KEY, List.of("https://App.Example"), BrowserBridge.Limits.DEFAULT, HttpServer.Limits.DEFAULT);
        for (String origin : new String[] {"http://localhost:8080", "http://127.0.0.1", "http://127.3.4.5:1",
                "http://[::1]:3000", "https://app.example"}) {
            WsClient c = open(origin);
            assertTrue(c.next().contains("YourEd25519"), origin);
            c.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
        assertEquals(0, events.count(BridgeRefusal.ORIGIN));
    }

    @Test
    void aForeignOriginGets403AndIsCounted() throws Exception {
        start();
        for (String origin : new String[] {"https://evil.example", "http://localhost.evil.example",
                "https://localhost:8080", "null", "http://127.0.0.1.evil.example"}) {
            CompletionException e = assertThrows(CompletionException.class, () -> open(origin), origin);
            WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(403, h.getResponse().statusCode(), origin);
        }
        assertEquals(5, events.count(BridgeRefusal.ORIGIN));
        assertEquals(0, bridge.clients());
    }

    @Test
    void overTheCapAPageGets503() throws Exception {
        start(KEY, List.of(), new BrowserBridge.Limits(2, 1 << 20, 1 << 20, 200, Duration.ofSeconds(30)),
                HttpServer.Limits.DEFAULT);
        WsClient first = open(null);
        open(null).next();
        first.next();
        CompletionException e = assertThrows(CompletionException.class, () -> open(null));
        assertEquals(503, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        assertEquals(1, events.count(BridgeRefusal.TOO_MANY));
        first.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        Await.until(() -> bridge.clients() == 1, "a place freed");
        assertTrue(open(null).next().contains("YourEd25519"));
        assertEquals(1, events.closed.get());
    }

    @Test
    void framesOverThePageBudgetAreDropped() throws Exception {
        start(KEY, List.of(), new BrowserBridge.Limits(16, 1 << 20, 1 << 20, 5, Duration.ofSeconds(30)),
                HttpServer.Limits.DEFAULT);
        WsClient c = open(null);
        c.next();
        int sent = 60;
        for (int i = 0; i < sent; i++) {
            c.text("[{\"PleaseReturnThisMessage\":" + i + "}]");
        }
        Await.until(() -> events.received.get() == sent, "every frame received");
        long dropped = events.count(BridgeRefusal.RATE_LIMITED);
        assertTrue(dropped > 0, "a burst of 5 and 5/s cannot take 60 frames at once");
        int answers = 0;
        while (c.poll(300) != null) {
            answers++;
        }
        assertEquals(sent - dropped, answers);
        assertFalse(c.closed.isDone(), "dropping is enough; the page stays");
    }

    @Test
    void broadcastReachesEveryPage() throws Exception {
        start();
        WsClient a = open(null);
        WsClient b = open(null);
        a.next();
        b.next();
        bridge.broadcast("[{\"Hello\":{}}]");
        assertEquals("[{\"Hello\":{}}]", a.next());
        assertEquals("[{\"Hello\":{}}]", b.next());
    }

    /**
     * A page that stops reading: the node keeps pushing (a broadcast per datagram, one day), its
     * unsent bytes reach the bound, and it is closed rather than buffered for.
     */
    @Test
    void aSlowReaderIsClosed() throws Exception {
        start(KEY, List.of(), new BrowserBridge.Limits(16, 1 << 20, 64 * 1024, 200, Duration.ofSeconds(30)),
                HttpServer.Limits.DEFAULT.withSendBuffer(8192));
        rawPage(8192); // a small receive buffer, never read
        Await.until(() -> bridge.clients() == 1, "the page open");
        String frame = "[{\"Forwarded\":\"" + "x".repeat(16 * 1024) + "\"}]";
        int pushed = 0;
        while (bridge.clients() == 1 && pushed < 10_000) {
            bridge.broadcast(frame);
            pushed++;
            Thread.sleep(1);
        }
        assertEquals(0, bridge.clients(), "closed after " + pushed + " frames");
        assertEquals(1, events.count(BridgeRefusal.SLOW_READER));
        assertEquals(1, events.closed.get());
    }

    /** A raw client that completes the handshake and then neither reads nor answers anything. */
    private RawHttp rawPage(int receiveBuffer) throws IOException {
        RawHttp raw = new RawHttp(new InetSocketAddress("127.0.0.1", server.localAddress().getPort()), receiveBuffer);
        toClose.add(raw);
        RawHttp.Reply r = raw.send("GET /wt HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").read(true);
        assertEquals(101, r.status());
        return raw;
    }

    @Test
    void aSilentPageIsPingedAndOneThatNeverAnswersIsClosed() throws Exception {
        // 500 ms: the JDK client's pong must come back within one interval, even on a loaded machine
        start(null, List.of(), new BrowserBridge.Limits(16, 1 << 20, 1 << 20, 200, Duration.ofMillis(500)),
                HttpServer.Limits.DEFAULT);
        WsClient live = open(null); // the JDK client answers pings with pongs
        rawPage(0);
        Await.until(() -> bridge.clients() == 2, "both pages open");
        Await.until(() -> bridge.clients() == 1, "the page that never answers closed");
        Thread.sleep(1_500); // three more ping intervals
        assertFalse(live.closed.isDone());
        live.text("[{\"PleaseReturnThisMessage\":0}]");
        assertEquals("[{\"ReturnedMessage\":0}]", live.next());
        assertEquals(1, bridge.clients());
    }

    @Test
    void otherPathsUnderWtOpenTheBridgeAndOrdinaryPagesStillWork() throws Exception {
        start();
        assertTrue(open("/wt/chat?room=1", null).next().contains("YourEd25519"));
        assertEquals(200, RawGet.status(server, "/healthz"));
        assertEquals(404, RawGet.status(server, "/w"));
        assertEquals(400, RawGet.status(server, "/wtx"), "any path starting with /wt is the bridge's: not an upgrade");
    }

    @Test
    void theGateRefusesClientsOffLoopback() throws Exception {
        start();
        // No packet leaves loopback in a test: the rule itself, on an address from TEST-NET-1.
        assertEquals(BridgeRefusal.NOT_LOOPBACK, bridge.refusal(new InetSocketAddress("192.0.2.1", 5000), null));
        assertEquals(BridgeRefusal.NOT_LOOPBACK,
                bridge.refusal(new InetSocketAddress("192.0.2.1", 5000), "http://localhost:8080"));
        assertNull(bridge.refusal(new InetSocketAddress("127.0.0.1", 5000), null));
        assertNull(bridge.refusal(new InetSocketAddress("::1", 5000), "http://[::1]:8000"));
        assertEquals(BridgeRefusal.ORIGIN, bridge.refusal(new InetSocketAddress("127.0.0.1", 5000), "http://a.example"));
    }

    /** A client off loopback, through the gate as the listener runs it: 403, counted, and no page opened. */
    @Test
    void aClientOffLoopbackGets403() throws Exception {
        start();
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("192.0.2.1", 5000); // TEST-NET-1: nothing is sent anywhere
            }
        };
        ch.pipeline().addLast(bridge.gate(c -> { }, Duration.ZERO));
        DefaultFullHttpRequest upgrade = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/wt");
        upgrade.headers().set("Host", "127.0.0.1").set("Upgrade", "websocket").set("Connection", "Upgrade")
                .set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").set("Sec-WebSocket-Version", "13");
        ch.writeInbound(upgrade);
        FullHttpResponse reply = ch.readOutbound();
        assertEquals(403, reply.status().code());
        reply.release();
        assertEquals(1, events.count(BridgeRefusal.NOT_LOOPBACK));
        assertEquals(0, bridge.clients());
        ch.finishAndReleaseAll();
    }

    /** The status of one GET on a fresh connection, by the raw client. */
    private static final class RawGet {
        static int status(HttpServer server, String path) throws IOException {
            try (RawHttp c = new RawHttp(new InetSocketAddress("127.0.0.1", server.localAddress().getPort()))) {
                return c.send("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").read(true).status();
            }
        }
    }

    /** Counts each event. */
    private static final class Counting implements BridgeEvents {
        final AtomicLong opened = new AtomicLong();
        final AtomicLong closed = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        private final Map<BridgeRefusal, AtomicLong> refused = new EnumMap<>(BridgeRefusal.class);

        Counting() {
            for (BridgeRefusal r : BridgeRefusal.values()) {
                refused.put(r, new AtomicLong());
            }
        }

        long count(BridgeRefusal r) {
            return refused.get(r).get();
        }

        @Override
        public void clientOpened() {
            opened.incrementAndGet();
        }

        @Override
        public void clientClosed() {
            closed.incrementAndGet();
        }

        @Override
        public void frameReceived() {
            received.incrementAndGet();
        }

        @Override
        public void frameSent() {
            sent.incrementAndGet();
        }

        @Override
        public void forwarded(ForwardOutcome outcome) {
        }

        @Override
        public void refused(BridgeRefusal reason) {
            refused.get(reason).incrementAndGet();
        }
    }
}
