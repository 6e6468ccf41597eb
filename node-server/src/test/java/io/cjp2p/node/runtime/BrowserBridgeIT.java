package io.cjp2p.node.runtime;

import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.PeerAddress;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.crypto.Ed25519Keys;
import io.cjp2p.node.support.Await;
import io.cjp2p.node.support.RawHttp;
import io.cjp2p.node.support.RunningNode;
import io.cjp2p.node.support.UdpClient;
import io.cjp2p.node.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser bridge of two real nodes on loopback, A and B, which know each other's keys, driven
 * by the JDK's WebSocket client as a web app would drive it: every frame of the API (PROTOCOL.md
 * 5.20, 5.21, 8) with its answers and its Forward outcome counted, the Forwarded frames of the
 * traffic in Rust's field order, bad frames, a refused Origin and a page that does not read.
 */
class BrowserBridgeIT {
    private static RunningNode a;
    private static RunningNode b;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        a = new RunningNode(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.30.1"))
                .tick(Duration.ofMillis(250)).build());
        b = new RunningNode(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.30.2"))
                .tick(Duration.ofMillis(250)).bootstrap(List.of(a.udp())).build());
        await("A and B know each other's keys", () -> knows(a, b) && knows(b, a));
        // A's handout is rebuilt on its tick: wait for the one that has B.
        await("A hands out B", () -> Arrays.stream(a.node.peers().handout())
                .anyMatch(e -> e.address().equals(b.udp())));
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    @org.junit.jupiter.api.AfterEach
    void closePages() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private static String key(RunningNode n) {
        return n.node.identity().publicKey().hex();
    }

    private static boolean knows(RunningNode n, RunningNode other) {
        return other.udp().equals(n.node.identity().directory().addressOf(other.node.identity().publicKey()));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, what, Duration.ofSeconds(10));
    }

    private WsClient page(RunningNode n, String origin) throws InterruptedException {
        WsClient c = WsClient.open(URI.create("ws://127.0.0.1:" + n.http.localAddress().getPort() + "/wt"), origin);
        toClose.add(c);
        assertEquals("[{\"YourEd25519\":{\"ed25519\":\"" + key(n) + "\"}}]", c.next(), "the greeting");
        return c;
    }

    private static double metric(RunningNode n, String series) throws Exception {
        Double v = n.scrape().get(series);
        return v == null ? -1 : v;
    }

    private static double forwards(RunningNode n, String outcome) throws Exception {
        return metric(n, "cjp2p_websocket_forwards_total{outcome=\"" + outcome + "\"}");
    }

    /** One Forwarded frame, its fields in Rust's order; {@code messages} still JSON-escaped. */
    private static final Pattern FORWARDED = Pattern.compile("^\\[\\{\"Forwarded\":\\{\"src\":\"([^\"]+)\","
            + "\"from_ed25519\":(null|\"[0-9a-f]{64}\")(?:,\"maybe_ed25519\":\"([0-9a-f]{64})\")?,"
            + "\"messages\":\"(.*)\",\"might_be_ip_spoofing\":(true|false)}}]$");

    private record Fwd(String src, String from, String maybe, String messages, boolean spoofable) {
        static Fwd of(String frame) {
            Matcher m = FORWARDED.matcher(frame);
            if (!m.matches()) {
                return null;
            }
            String from = m.group(2).equals("null") ? null : m.group(2).substring(1, 65);
            return new Fwd(m.group(1), from, m.group(3), unescape(m.group(4)), Boolean.parseBoolean(m.group(5)));
        }

        /** The text of a JSON string's contents. */
        private static String unescape(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(++i);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(e);
                }
            }
            return out.toString();
        }
    }

    /** The frames up to and including the first that {@code last} accepts, within 5 s. */
    private static List<String> framesUntil(WsClient p, java.util.function.Predicate<String> last) throws Exception {
        List<String> seen = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            String s = p.poll(50);
            if (s != null) {
                seen.add(s);
                if (last.test(s)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("not within 5 s; seen " + seen);
    }

    @Test
    void pleaseSendPeersIsAnsweredWithPeersAndOurKey() throws Exception {
        WsClient p = page(a, null);
        p.text("[{\"PleaseSendPeers\":{}}]");
        String answer = p.await(s -> s.startsWith("[{\"Peers\""), 5, "Peers");
        assertTrue(answer.contains("\"" + PeerAddress.format(b.udp()) + "\""), answer);
        assertTrue(answer.endsWith(",{\"MyPublicKey\":{\"ed25519h\":\"" + key(a) + "\"}}]"), answer);
        p.text("[{\"PleaseReturnThisMessage\":{\"n\":1}}]");
        p.await(s -> s.equals("[{\"ReturnedMessage\":{\"n\":1}}]"), 5, "ReturnedMessage");
    }

    @Test
    void whereAreTheyIsAnsweredWithTheForwardedAPeerWouldGet() throws Exception {
        WsClient p = page(a, null);
        p.text("[{\"WhereAreThey\":{\"ed25519h\":\"" + key(b) + "\"}}]");
        String expected = "[{\"Forwarded\":{\"src\":\"" + PeerAddress.format(b.udp()) + "\",\"from_ed25519\":null,"
                + "\"messages\":\"[{\\\"MyPublicKey\\\":{\\\"ed25519h\\\":\\\"" + key(b) + "\\\"}}]\","
                + "\"might_be_ip_spoofing\":false}}]";
        p.await(expected::equals, 5, "the Forwarded answer, in Rust's field order");
        // An unknown key gets no answer.
        String nobody = Ed25519PublicKey.of(Ed25519Keys.generate(new SecureRandom()).publicKey()).hex();
        p.text("[{\"WhereAreThey\":{\"ed25519h\":\"" + nobody + "\"}},{\"PleaseReturnThisMessage\":\"after\"}]");
        for (String frame : framesUntil(p, "[{\"ReturnedMessage\":\"after\"}]"::equals)) {
            assertFalse(frame.contains(nobody), frame);
        }
    }

    @Test
    void aSignedForwardToAKeyArrivesAuthenticatedOnTheOtherNodesPage() throws Exception {
        WsClient pageA = page(a, null);
        WsClient pageB = page(b, null);
        double sentBefore = forwards(a, "sent");
        pageA.text("[{\"Forward\":{\"to_ed25519\":\"" + key(b) + "\",\"sign\":true,"
                + "\"messages\":[{\"ChatMessage\":{\"message\":\"hi B \\\"quoted\\\"\"}}]}}]");
        // On B's page: the datagram as it came (encrypted, A's key known for its address), the
        // decrypted payload (a SignedMessage) and the signed one (the chat), both from A's key.
        Fwd raw = Fwd.of(pageB.await(s -> s.contains("EncryptedMessages"), 5, "the raw datagram"));
        assertEquals(PeerAddress.format(a.udp()), raw.src());
        assertNull(raw.from());
        assertEquals(key(a), raw.maybe());
        Fwd decrypted = Fwd.of(pageB.await(s -> s.contains("SignedMessage"), 5, "the decrypted payload"));
        assertEquals(key(a), decrypted.from());
        assertEquals(PeerAddress.format(a.udp()), decrypted.src());
        Fwd chat = Fwd.of(pageB.await(s -> s.contains("ChatMessage"), 5, "the signed chat"));
        assertEquals(key(a), chat.from());
        assertEquals("[{\"ChatMessage\":{\"message\":\"hi B \\\"quoted\\\"\"}}]", chat.messages(),
                "the page's array, byte for byte, as the signed payload");
        assertEquals(sentBefore + 1, forwards(a, "sent"));
    }

    @Test
    void aForwardToAnUnknownKeyIsQueuedThenGivenUp() throws Exception {
        WsClient p = page(a, null);
        String nobody = Ed25519PublicKey.of(Ed25519Keys.generate(new SecureRandom()).publicKey()).hex();
        double queued = forwards(a, "queued");
        double failed = forwards(a, "lookup_failed");
        p.text("[{\"Forward\":{\"to_ed25519\":\"" + nobody + "\",\"messages\":[{\"ChatMessage\":{\"message\":\"x\"}}]}}]");
        await("queued", () -> uncheck(() -> forwards(a, "queued") == queued + 1));
        // B was asked WhereAreThey; the hold time is 5 s.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (forwards(a, "lookup_failed") < failed + 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(failed + 1, forwards(a, "lookup_failed"));
    }

    @Test
    void forwardsThatCannotBeSentAreRefusedAndTheSocketStaysOpen() throws Exception {
        WsClient p = page(a, null);
        double refused = forwards(a, "refused");
        p.text("[{\"Forward\":{\"to_ed25519\":\"" + key(a) + "\",\"messages\":[]}}]"); // our own key
        p.text("[{\"Forward\":{\"to_ed25519\":\"not hex\",\"messages\":[]}}]");
        p.text("[{\"Forward\":{\"to_ed25519\":\"" + key(b) + "\"}}]"); // no messages
        p.text("[{\"Forward\":{\"src\":\"224.0.0.1:24254\",\"messages\":[{\"ChatMessage\":{\"message\":\"m\"}}]}}]");
        p.text("[{\"Forward\":{\"src\":\"127.0.30.2:1\",\"messages\":\"not an array\"}}]");
        p.text("[{\"PleaseReturnThisMessage\":\"still open\"}]");
        p.await(s -> s.equals("[{\"ReturnedMessage\":\"still open\"}]"), 5, "the socket still answers");
        await("five refusals counted", () -> uncheck(() -> forwards(a, "refused") == refused + 5));
    }

    @Test
    void aRawForwardSendsTheArrayVerbatimWithOurCookieAndTheAnswerComesBack() throws Exception {
        WsClient pageA = page(a, null);
        WsClient pageB = page(b, null);
        String element = "{ \"PleaseReturnThisMessage\" : [\"raw\", 1.50] }";
        pageA.text("[{\"Forward\":{\"src\":\"" + PeerAddress.format(b.udp()) + "\",\"messages\":[" + element + "]}}]");
        Fwd atB = Fwd.of(pageB.await(s -> s.contains("raw"), 5, "A's raw datagram on B's page"));
        assertEquals(PeerAddress.format(a.udp()), atB.src());
        assertNull(atB.from());
        assertTrue(atB.messages().startsWith("[{\"PleaseAlwaysReturnThisMessage\":"), atB.messages());
        assertTrue(atB.messages().contains("," + element), "verbatim: " + atB.messages());
        // B answers A; A's page sees the answer as a datagram from B, verified (our cookie came back).
        Fwd atA = Fwd.of(pageA.await(s -> s.contains("ReturnedMessage") && s.contains("raw"), 5, "B's answer"));
        assertEquals(PeerAddress.format(b.udp()), atA.src());
        assertEquals(key(b), atA.maybe());
        assertTrue(atA.messages().contains("{\"ReturnedMessage\":[\"raw\", 1.50]}"), atA.messages());
    }

    @Test
    void everyDatagramThatParsesReachesEveryPageAndOneThatDoesNotReachesNone() throws Exception {
        WsClient first = page(a, null);
        WsClient second = page(a, null);
        try (UdpClient udp = new UdpClient(a.udp(), InetAddress.getByName("127.0.30.9"))) {
            udp.send("not json, never shown");
            String datagram = "[{\"Unknown\":{\"n\":\"\\u00e9 \u00e9\"}},7]";
            udp.send(datagram);
            String src = PeerAddress.format(udp.localAddress());
            for (WsClient p : List.of(first, second)) {
                Fwd f = Fwd.of(p.await(s -> s.contains(src), 5, "the datagram"));
                assertEquals(datagram, f.messages(), "the datagram's text, as it came");
                assertTrue(f.spoofable(), "no cookie: it might be spoofed");
                assertNull(f.maybe());
            }
        }
        for (String frame : first.texts) {
            assertFalse(frame.contains("never shown"), frame);
        }
    }

    @Test
    void badFramesAreCountedAndTheSocketStaysOpen() throws Exception {
        WsClient p = page(a, null);
        String bad = "cjp2p_websocket_refused_total{reason=\"bad_frame\"}";
        double before = metric(a, bad);
        p.text("not json");
        p.text("{\"PleaseSendPeers\":{}}");
        p.text("[" + "[".repeat(100) + "]".repeat(100) + "]");
        p.text("[{\"PleaseReturnThisMessage\":\"open\"}]");
        p.await(s -> s.equals("[{\"ReturnedMessage\":\"open\"}]"), 5, "the socket still answers");
        assertEquals(before + 3, metric(a, bad));
        assertFalse(p.closed.isDone());
    }

    @Test
    void aForeignOriginIsRefusedWith403() throws Exception {
        double before = metric(a, "cjp2p_websocket_refused_total{reason=\"origin\"}");
        CompletionException e = assertThrows(CompletionException.class, () -> page(a, "https://evil.example"));
        assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode());
        assertEquals(before + 1, metric(a, "cjp2p_websocket_refused_total{reason=\"origin\"}"));
        page(a, "http://localhost:" + a.http.localAddress().getPort()); // the node's own page gets in
    }

    /**
     * A page that never reads, on a node under traffic: the Forwarded frames pile up to the
     * bound and the page is closed; the node, its other page and its packet path carry on.
     */
    @Test
    void aPageThatDoesNotReadIsClosedWhileTheTrafficGoesOn() throws Exception {
        WsClient reader = page(b, null);
        String slow = "cjp2p_websocket_refused_total{reason=\"slow_reader\"}";
        double before = metric(b, slow);
        RawHttp raw = new RawHttp(new InetSocketAddress("127.0.0.1", b.http.localAddress().getPort()), 4096);
        toClose.add(raw);
        assertEquals(101, raw.send("GET /wt HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").read(true).status());
        String big = "[{\"Unknown\":\"" + "y".repeat(60_000) + "\"}]";
        // Many sources, taken in turn at about 1.5 MB/s: each stays under the unverified rate, and
        // the reading page keeps up however loaded the machine (a burst of many 60 KB datagrams at
        // once would put more than the bound in flight to every page, the reading one too).
        List<UdpClient> sources = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                sources.add(new UdpClient(b.udp(), InetAddress.getByName("127.0.31." + (10 + i))));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = 0; metric(b, slow) <= before && System.nanoTime() < deadline; i++) {
                sources.get(i % sources.size()).send(big);
                Thread.sleep(40);
            }
            assertEquals(before + 1, metric(b, slow), "the page that does not read is closed");
            assertTrue(closesAfterItsBacklog(raw.socket), "the node closed the page that does not read");
            assertFalse(reader.closed.isDone(), "the reading page stays open");
            try (UdpClient fresh = new UdpClient(b.udp(), InetAddress.getByName("127.0.31.200"))) {
                fresh.send("[{\"Unknown\":\"after\"}]");
            }
            reader.await(s -> s.contains("after"), 10, "the reading page still gets frames");
        } finally {
            for (UdpClient u : sources) {
                u.close();
            }
        }
    }

    /** Reads and discards what the socket still holds; whether it then ends (EOF or reset) within 10 s. */
    private static boolean closesAfterItsBacklog(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        byte[] sink = new byte[65_536];
        try {
            while (socket.getInputStream().read(sink) >= 0) {
                // the frames queued before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    private interface Check<T> {
        T get() throws Exception;
    }

    private static <T> T uncheck(Check<T> c) {
        try {
            return c.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
