package io.cjp2p.node.runtime;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.ReturnedMessage;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.cjp2p.node.support.UdpClient.only;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real node on loopback, driven over real UDP sockets the way other implementations drive it. */
class NodeIntegrationIT {
    private static Node node;
    private static InetSocketAddress target;

    @BeforeAll
    static void start() throws Exception {
        node = Node.start(NodeConfig.loopback().build());
        target = node.localAddress();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void theSeedExampleGetsAPeersMessage() throws Exception {
        try (UdpClient nc = new UdpClient(target)) {
            List<Message> reply = nc.ask("[{\"PleaseSendPeers\":{}}]");
            assertEquals(1, only(reply, Peers.class).size(), "reply: " + reply);
        }
    }

    @Test
    void aLoneCookieGetsItsEchoAndOurCookie() throws Exception {
        try (UdpClient c = new UdpClient(target)) {
            List<Message> reply = c.ask("[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"d9f2fe5c\"}}]");
            assertTrue(UdpClient.hasAlwaysReturned(reply, "{\"cookie\":\"d9f2fe5c\"}"), "echo missing: " + reply);
            String ours = node.cookies().cookieFor(InetAddress.getLoopbackAddress());
            assertEquals("{\"cookie\":\"" + ours + "\"}", c.nodeCookie().toString());
            assertEquals(2, reply.size(), "only the two cookie messages: " + reply);
        }
    }

    @Test
    void aClientThatReturnsOurCookieGetsFullRepliesAfterOneRoundTrip() throws Exception {
        // Give the node more peers than one Peers reply carries: 50 verified sources, each in a /16 of
        // its own (the peer table takes few of one /24, and a reply few of one /16).
        List<UdpClient> others = new ArrayList<>();
        try {
            for (int i = 1; i <= 50; i++) {
                UdpClient o = new UdpClient(target, InetAddress.getByName("127." + (100 + i) + ".2.1")).handshake("o" + i);
                o.send(o.verified(""));
                others.add(o);
            }
            waitUntil(() -> node.peers().handout().length >= 50, 5000);

            try (UdpClient unverified = new UdpClient(target, InetAddress.getByName("127.0.3.1"));
                 UdpClient client = new UdpClient(target, InetAddress.getByName("127.0.3.2"))) {
                List<Message> cut = unverified.ask("[{\"PleaseSendPeers\":{}}]");
                assertEquals(1, only(cut, Peers.class).get(0).peers().size(), "unverified gets one peer: " + cut);

                client.handshake("client-cookie");
                List<Message> full = client.ask(client.verified("{\"PleaseSendPeers\":{}}"));
                List<InetSocketAddress> peers = only(full, Peers.class).get(0).peers();
                assertEquals(46, peers.size(), "verified gets 46 peers: " + full);
                assertFalse(peers.contains(client.localAddress()), "never the requester itself");
                assertEquals(peers.size(), peers.stream().distinct().count(), "no duplicates");
                assertFalse(UdpClient.hasAlwaysReturned(full, "{\"cookie\":\"client-cookie\"}"),
                        "the cookie came in an unverified datagram, so it was echoed once and not stored");
            }
        } finally {
            others.forEach(UdpClient::close);
        }
    }

    @Test
    void aVerifiedPeerCookieIsStoredAndReturnedOnEverythingWeSend() throws Exception {
        // A node of its own, so that this client is the only peer it has to probe.
        try (Node own = Node.start(NodeConfig.loopback().build());
             UdpClient c = new UdpClient(own.localAddress(), InetAddress.getByName("127.0.4.1"))) {
            c.handshake("first");
            String verifiedWithCookie = c.verified("{\"PleaseAlwaysReturnThisMessage\":[\"cookie\",\"string\"]},"
                    + "{\"PleaseReturnThisMessage\":{\"cookie\":\"x\"}}");
            List<Message> reply = c.ask(verifiedWithCookie);
            assertTrue(UdpClient.hasAlwaysReturned(reply, "[\"cookie\",\"string\"]"), "echo verbatim: " + reply);
            PeerEntry entry = own.peers().get(c.localAddress());
            assertNotNull(entry, "verified source is a peer");
            assertEquals("[\"cookie\",\"string\"]", entry.cookie().toString());

            // Maintenance probes known peers; the probe must carry the stored cookie, and answering
            // its PleaseReturnThisMessage gives the node an RTT for us.
            List<Message> probe = null;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (probe == null && System.nanoTime() < deadline) {
                List<Message> m = c.receive(500);
                if (m != null && !only(m, PleaseSendPeers.class).isEmpty()) {
                    probe = m;
                }
            }
            assertNotNull(probe, "the node probes its peers");
            assertTrue(UdpClient.hasAlwaysReturned(probe, "[\"cookie\",\"string\"]"), "probe: " + probe);
            assertEquals(1, only(probe, PleaseAlwaysReturnThisMessage.class).size(), "probe: " + probe);
            PleaseReturnThisMessage ping = only(probe, PleaseReturnThisMessage.class).get(0);
            c.send(c.verified("{\"ReturnedMessage\":" + ping.body() + "}"));
            waitUntil(() -> entry.rttNanos() != PeerEntry.NO_RTT, 2000);
            assertTrue(entry.rttNanos() > 0 && entry.rttNanos() < 5_000_000_000L, "rtt " + entry.rttNanos());
        }
    }

    @Test
    void aVerifiedDatagramThatNeedsNoAnswerGetsNone() throws Exception {
        try (UdpClient c = new UdpClient(target, InetAddress.getByName("127.0.5.1"))) {
            c.handshake("quiet");
            c.send(c.verified("{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"quiet\"}},{\"SomethingNew\":{\"a\":1}}"));
            assertNull(c.receiveReply(700), "no cookie ping-pong");
        }
    }

    @Test
    void anUnverifiedDatagramWithNothingWeKnowGetsNoReply() throws Exception {
        try (UdpClient c = new UdpClient(target)) {
            c.send("[]");
            c.send("[{\"ChatMessage\":{\"message\":\"hi\"}}]");
            assertNull(c.receiveReply(700));
        }
    }

    @Test
    void junkNeitherCrashesNorStallsTheNode() throws Exception {
        try (UdpClient c = new UdpClient(target)) {
            c.send(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
            c.send("{\"PleaseSendPeers\":{}}");
            c.send("[".repeat(500));
            c.send("[{\"PleaseSendPeers\":{}}] trailing");
            c.send(new byte[0]);
            List<Message> reply = c.ask("[17,{\"PleaseSendPeers\":null},{\"PleaseReturnThisMessage\":{\"cookie\":\"still here\"}}]");
            assertEquals(List.of(new ReturnedMessage(io.cjp2p.codec.RawJson.of("{\"cookie\":\"still here\"}"))),
                    only(reply, ReturnedMessage.class), "the bad elements are skipped, the good one answered");
        }
    }

    @Test
    void aSixtyThousandByteEchoIsAnsweredInFull() throws Exception {
        String filler = "x".repeat(60_000 - 60);
        String request = "[{\"PleaseReturnThisMessage\":{\"cookie\":\"" + filler + "\"}}]";
        assertTrue(request.length() >= 59_900 && request.length() <= 60_000, "size " + request.length());
        for (boolean verified : new boolean[] {false, true}) {
            try (UdpClient c = new UdpClient(target, InetAddress.getByName(verified ? "127.0.6.2" : "127.0.6.1"))) {
                String datagram = request;
                if (verified) {
                    c.handshake("big");
                    datagram = c.verified(request.substring(1, request.length() - 1));
                }
                List<Message> reply = c.ask(datagram);
                ReturnedMessage echo = only(reply, ReturnedMessage.class).get(0);
                assertArrayEquals(("{\"cookie\":\"" + filler + "\"}").getBytes(StandardCharsets.UTF_8),
                        echo.body().toByteArray(), "echo byte for byte (verified=" + verified + ")");
            }
        }
    }

    @Test
    void ipv6LoopbackIsAnsweredWithBracketedAddresses() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (Node dual = Node.start(NodeConfig.loopback().bindAddress(InetAddress.getByName("::")).build());
             UdpClient viaV4 = new UdpClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), dual.localAddress().getPort()));
             UdpClient viaV6 = new UdpClient(new InetSocketAddress(v6, dual.localAddress().getPort()), v6)) {
            viaV4.handshake("v4");
            assertEquals("{\"cookie\":\"" + dual.cookies().cookieFor(InetAddress.getLoopbackAddress()) + "\"}",
                    viaV4.nodeCookie().toString(), "a v4-mapped source is keyed as plain IPv4");
            viaV4.send(viaV4.verified(""));
            viaV6.handshake("v6");
            viaV6.send(viaV6.verified(""));
            waitUntil(() -> dual.peers().handout().length == 2, 3000);
            List<Message> reply = viaV4.ask(viaV4.verified("{\"PleaseSendPeers\":{}}"));
            assertEquals(List.of(viaV6.localAddress()), only(reply, Peers.class).get(0).peers());
            byte[] raw;
            viaV4.send(viaV4.verified("{\"PleaseSendPeers\":{}}"));
            do {
                raw = viaV4.receiveRaw(2000);
            } while (raw != null && !new String(raw, StandardCharsets.UTF_8).contains("Peers\""));
            assertNotNull(raw);
            assertTrue(new String(raw, StandardCharsets.UTF_8).contains("\"[::1]:" + viaV6.localAddress().getPort() + "\""),
                    new String(raw, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aPeerHoldingTheCookieOfThePreviousSecretIsAnsweredAndHandedTheNewOne() throws Exception {
        try (Node rotating = Node.start(NodeConfig.loopback().build());
             UdpClient c = new UdpClient(rotating.localAddress())) {
            c.handshake("r");
            String old = c.nodeCookie().toString();
            rotating.cookies().rotate();
            List<Message> reply = c.ask(c.verified("{\"PleaseSendPeers\":{}}"));
            assertEquals(1, only(reply, Peers.class).size());
            List<PleaseAlwaysReturnThisMessage> fresh = only(reply, PleaseAlwaysReturnThisMessage.class);
            assertEquals(1, fresh.size(), "the current cookie rides along: " + reply);
            assertFalse(fresh.get(0).body().toString().equals(old));
            assertNotNull(rotating.peers().get(c.localAddress()), "still verified during the grace period");
            rotating.cookies().rotate();
            c.send("[{\"AlwaysReturned\":" + old + "},{\"PleaseSendPeers\":{}},{\"PleaseReturnThisMessage\":{\"cookie\":\""
                    + "p".repeat(80) + "\"}}]");
            List<Message> afterTwo = c.receiveReply(2000);
            assertNotNull(afterTwo);
            assertEquals(1, only(afterTwo, PleaseAlwaysReturnThisMessage.class).size(),
                    "two rotations later the first cookie is unverified: the reply carries our cookie: " + afterTwo);
            assertTrue(only(afterTwo, Peers.class).get(0).peers().size() <= 1,
                    "and an unverified Peers holds at most one entry");
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + millis + " ms");
            }
            Thread.sleep(20);
        }
    }
}
