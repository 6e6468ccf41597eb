package io.cjp2p.node.peer;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.ReturnedMessage;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The eclipse attacks of the issue, over real loopback sockets against a real node: many ports of
 * one IP, and many addresses of one /16, try to fill the table and the replies. On loopback every
 * 127.x.y.z is an IP of its own, and 127.A.B.x a /24 of its own in the /16 127.A.
 *
 * <p>The abuse limits are off: they would thin the flood out and hide what the table does.
 */
class EclipseIT {
    private static final MessageDecoder DECODER = new MessageDecoder();
    private final List<DatagramSocket> sockets = new ArrayList<>();
    private final byte[] buffer = new byte[65_536];
    private Node node;

    private void start(int maxPeers) throws Exception {
        node = Node.start(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.0.1")).maxPeers(maxPeers)
                .tick(Duration.ofMillis(50)).limits(LimitsConfig.OFF).build());
    }

    @AfterEach
    void stop() {
        sockets.forEach(DatagramSocket::close);
        if (node != null) {
            node.close();
        }
    }

    @Test
    void oneIpWithAThousandPortsHoldsAtMostItsCapOfTheTable() throws Exception {
        start(10_000);
        InetAddress attacker = InetAddress.getByName("127.0.50.1");
        DatagramSocket first = open(attacker);
        String cookie = handshake(first);
        // One cookie serves every port of the IP: each port verifies with it, and waits for the
        // answer so that the node has seen every one before we look.
        List<InetSocketAddress> ports = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            DatagramSocket s = i == 0 ? first : open(attacker);
            verify(s, cookie);
            ports.add((InetSocketAddress) s.getLocalSocketAddress());
        }
        long held = ports.stream().filter(node.peers()::contains).count();
        assertEquals(DiversityCaps.DEFAULT.perIp(), held, "ports of 127.0.50.1 in the table");

        DatagramSocket requester = open(InetAddress.getByName("127.0.51.1"));
        String theirs = handshake(requester);
        verify(requester, theirs);
        InetSocketAddress self = (InetSocketAddress) requester.getLocalSocketAddress();
        waitForHandout(h -> h.contains(self) && h.size() == held + 1);
        List<InetSocketAddress> reply = peers(requester, theirs);
        assertEquals(held, reply.stream().filter(a -> a.getAddress().equals(attacker)).count(), "in a reply: " + reply);
    }

    @Test
    void twoHundredSeventyAddressesOfOneSlash16NeitherKeepANewcomerOutNorFillAReply() throws Exception {
        int maxPeers = 24;
        start(maxPeers);
        // 270 attacker addresses spread four to a /24 over the /16 127.60.
        List<DatagramSocket> attackers = new ArrayList<>();
        List<String> attackerCookies = new ArrayList<>();
        for (int i = 0; i < 270; i++) {
            DatagramSocket s = open(InetAddress.getByName("127.60." + i / 4 + "." + (1 + i % 4)));
            attackers.add(s);
            attackerCookies.add(handshake(s));
            verify(s, attackerCookies.get(i));
        }
        assertEquals(maxPeers, node.peers().size(), "the attackers filled the table");

        // Ten honest newcomers, each from a /16 of its own.
        List<InetSocketAddress> honest = new ArrayList<>();
        List<String> honestCookies = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            DatagramSocket s = open(InetAddress.getByName("127." + (61 + n) + ".0.1"));
            honestCookies.add(handshake(s));
            verify(s, honestCookies.get(n));
            honest.add((InetSocketAddress) s.getLocalSocketAddress());
            assertTrue(node.peers().contains(honest.get(n)), "honest newcomer " + n + " admitted to a full table");
        }
        // The attackers keep at it: none of them takes an honest peer's place back.
        for (int i = 0; i < attackers.size(); i++) {
            verify(attackers.get(i), attackerCookies.get(i));
        }
        for (InetSocketAddress h : honest) {
            assertTrue(node.peers().contains(h), h + " still in the table");
        }
        assertEquals(maxPeers, node.peers().size());

        DatagramSocket requester = sockets.get(sockets.size() - 1); // the last honest peer asks
        waitForHandout(h -> h.containsAll(honest));
        List<InetSocketAddress> reply = peers(requester, honestCookies.get(honestCookies.size() - 1));
        long fromAttacker = reply.stream().filter(a -> a.getAddress().getHostAddress().startsWith("127.60.")).count();
        assertTrue(fromAttacker <= HandoutOrder.PER_NETWORK, fromAttacker + " of the /16 in " + reply);
        assertTrue(reply.containsAll(honest.subList(0, honest.size() - 1)), "the other honest peers: " + reply);
    }

    private DatagramSocket open(InetAddress local) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(local, 0));
        sockets.add(s);
        return s;
    }

    /** Sends our cookie, returns the node's cookie body for this IP. */
    private String handshake(DatagramSocket s) throws IOException {
        for (Message m : exchange(s, "[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"x\"}},"
                + "{\"PleaseReturnThisMessage\":{}}]")) {
            if (m instanceof PleaseAlwaysReturnThisMessage p) {
                return p.body().toString();
            }
        }
        throw new AssertionError("the node sent no cookie");
    }

    /** A verified datagram from {@code s}, answered before this returns. */
    private void verify(DatagramSocket s, String cookie) throws IOException {
        exchange(s, "[{\"AlwaysReturned\":" + cookie + "},{\"PleaseReturnThisMessage\":{}}]");
    }

    private List<InetSocketAddress> peers(DatagramSocket s, String cookie) throws IOException {
        List<Message> reply = exchange(s, "[{\"AlwaysReturned\":" + cookie + "},{\"PleaseSendPeers\":{}},"
                + "{\"PleaseReturnThisMessage\":{}}]");
        return reply.stream().filter(m -> m instanceof Peers).flatMap(m -> ((Peers) m).peers().stream()).toList();
    }

    /** Sends {@code json} and returns the answer (the datagram with our ReturnedMessage), skipping the node's probes. */
    private List<Message> exchange(DatagramSocket s, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(out, out.length, node.localAddress()));
        s.setSoTimeout(2000);
        while (true) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer to " + json + " from " + s.getLocalSocketAddress());
            }
            List<Message> m = DECODER.decode(Arrays.copyOf(buffer, p.getLength()));
            if (m.stream().anyMatch(x -> x instanceof ReturnedMessage)) {
                return m;
            }
        }
    }

    /** Waits for maintenance to rebuild the handout with the peers {@code ready} looks for. */
    private void waitForHandout(Predicate<Set<InetSocketAddress>> ready) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            Set<InetSocketAddress> h = Arrays.stream(node.peers().handout()).map(PeerEntry::address).collect(Collectors.toSet());
            if (ready.test(h)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the handout never got there: "
                + Arrays.stream(node.peers().handout()).map(PeerEntry::address).toList());
    }
}
