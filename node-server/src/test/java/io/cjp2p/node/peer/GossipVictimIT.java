package io.cjp2p.node.peer;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.RawJson;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An address learned from gossip may be a victim: over real loopback sockets, a verified gossiper
 * names a socket that never answers, many times. The node probes it once per interval, never hands
 * it out, and hands it out only once it has answered with our cookie.
 */
class GossipVictimIT {
    private final MessageDecoder decoder = new MessageDecoder();
    private Node node;
    private DatagramChannel gossiper;
    private DatagramChannel victim;
    private RawJson cookie;

    @BeforeEach
    void start() throws Exception {
        node = Node.start(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.0.1"))
                .tick(Duration.ofMillis(50)).probeInterval(Duration.ofSeconds(60)).build());
        gossiper = open();
        victim = open();
        send(gossiper, "[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"g\"}}]");
        for (Message m : receive(gossiper, 2000)) {
            if (m instanceof PleaseAlwaysReturnThisMessage p) {
                cookie = p.body();
            }
        }
        assertNotNull(cookie);
    }

    @AfterEach
    void stop() throws IOException {
        gossiper.close();
        victim.close();
        node.close();
    }

    @Test
    void aGossipedVictimIsProbedOnceAndNeverHandedOutUntilItAnswers() throws Exception {
        InetSocketAddress v = (InetSocketAddress) victim.getLocalAddress();
        String gossip = "{\"Peers\":{\"peers\":[\"127.0.0.1:" + v.getPort() + "\"]}}";
        for (int i = 0; i < 10; i++) {
            send(gossiper, "[" + verified() + "," + gossip + "]");
            Thread.sleep(100);
        }
        // Ten gossips over a second, twenty ticks: exactly one probe reached the victim.
        List<List<Message>> probes = new ArrayList<>();
        List<Message> m;
        while ((m = receive(victim, 700)) != null) {
            probes.add(m);
        }
        assertEquals(1, probes.size(), "probes: " + probes);
        assertFalse(handedOut().contains(v), "not handed out before it answered");

        // The victim turns out to be a node: it returns the cookie from the probe.
        RawJson ours = probes.get(0).stream().filter(x -> x instanceof PleaseAlwaysReturnThisMessage)
                .map(x -> ((PleaseAlwaysReturnThisMessage) x).body()).findFirst().orElseThrow();
        send(victim, "[{\"AlwaysReturned\":" + text(ours) + "}]");
        long deadline = System.nanoTime() + 3_000_000_000L;
        boolean listed = false;
        while (!listed && System.nanoTime() < deadline) {
            Thread.sleep(100);
            listed = handedOut().contains(v);
        }
        assertTrue(listed, "handed out once verified");
    }

    private List<InetSocketAddress> handedOut() throws IOException {
        send(gossiper, "[" + verified() + ",{\"PleaseSendPeers\":{}}]");
        // The gossiper is a peer now, so maintenance probes arrive too: skip to the Peers reply.
        while (true) {
            List<Message> reply = receive(gossiper, 2000);
            assertNotNull(reply, "no Peers reply");
            if (reply.stream().anyMatch(x -> x instanceof Peers)) {
                return reply.stream().filter(x -> x instanceof Peers).flatMap(x -> ((Peers) x).peers().stream())
                        .toList();
            }
        }
    }

    private String verified() {
        return "{\"AlwaysReturned\":" + text(cookie) + "}";
    }

    private static String text(RawJson json) {
        return new String(json.toByteArray(), StandardCharsets.UTF_8);
    }

    private DatagramChannel open() throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress("127.0.0.1", 0));
        return ch;
    }

    private void send(DatagramChannel ch, String json) throws IOException {
        ch.send(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), node.localAddress());
    }

    private List<Message> receive(DatagramChannel ch, int timeoutMillis) throws IOException {
        ch.socket().setSoTimeout(timeoutMillis);
        byte[] buf = new byte[65536];
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        try {
            ch.socket().receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return decoder.decode(Arrays.copyOf(buf, p.getLength()));
    }
}
