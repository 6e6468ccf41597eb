package io.cjp2p.node.limit;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** One source IP gets the same budget from a node with one event loop and with two. */
class ThreadsBudgetIT {
    private static final int PORTS = 100;
    private static final int PER_PORT = 3;

    @Test
    void oneIpHasOneBudgetWhateverTheNumberOfLoops() throws Exception {
        assumeTrue(Epoll.isAvailable(), "SO_REUSEPORT sockets need epoll");
        int one = repliesTo(1, "127.0.0.21");
        int two = repliesTo(2, "127.0.0.22");
        assertTrue(one > 0, "the lone loop answered");
        // Unverified: burst 40, then 20/s; the flood takes well under a second.
        assertTrue(one <= 60, "one loop: " + one);
        assertTrue(two <= one * 1.25 + 5, "two loops gave " + two + " replies where one gave " + one);
    }

    /** Replies one IP gets from a fresh node with {@code threads} loops, sending from 100 ports. */
    private static int repliesTo(int threads, String ip) throws Exception {
        try (Node node = Node.start(NodeConfig.loopback().threads(threads).build())) {
            InetSocketAddress target = node.localAddress();
            List<DatagramSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < PORTS; i++) {
                    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 0));
                    s.setSoTimeout(1);
                    sockets.add(s);
                }
                byte[] request = "[{\"PleaseReturnThisMessage\":{\"cookie\":\"x\"}}]".getBytes(StandardCharsets.UTF_8);
                for (int round = 0; round < PER_PORT; round++) {
                    for (DatagramSocket s : sockets) {
                        s.send(new DatagramPacket(request, request.length, target));
                    }
                }
                // Read until the node has been quiet for a second: a cold node may answer late.
                int replies = 0;
                byte[] buf = new byte[2048];
                long quietSince = System.nanoTime();
                long giveUp = quietSince + 10_000_000_000L;
                while (System.nanoTime() - quietSince < 1_000_000_000L && System.nanoTime() < giveUp) {
                    for (DatagramSocket s : sockets) {
                        try {
                            s.receive(new DatagramPacket(buf, buf.length));
                            replies++;
                            quietSince = System.nanoTime();
                        } catch (SocketTimeoutException e) {
                            // nothing for this port yet
                        }
                    }
                }
                return replies;
            } finally {
                sockets.forEach(DatagramSocket::close);
            }
        }
    }
}
