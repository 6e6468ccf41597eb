package io.cjp2p.node.udp;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * recvmmsg reads many datagrams per system call into fixed slots; a large datagram in the middle of
 * a burst of small ones must still arrive whole and be answered in full. The limits are off: a
 * burst from one source is what they exist to cut, and this is about the transport.
 */
class BatchReceiveTest {
    @Test
    void aLargeDatagramInsideABurstArrivesWhole() throws Exception {
        for (boolean epoll : new boolean[] {true, false}) {
            try (Node node = Node.start(NodeConfig.loopback().preferNativeTransport(epoll).limits(LimitsConfig.OFF).build());
                 DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                socket.setReceiveBufferSize(4 << 20);
                socket.setSoTimeout(3000);
                String filler = "y".repeat(60_000 - 60);
                int small = 40;
                for (int i = 0; i < small; i++) {
                    send(socket, node, "[{\"PleaseReturnThisMessage\":{\"n\":" + i + "}}]");
                    if (i == small / 2) {
                        send(socket, node, "[{\"PleaseReturnThisMessage\":{\"big\":\"" + filler + "\"}}]");
                    }
                }
                Set<String> seen = new HashSet<>();
                boolean big = false;
                byte[] buf = new byte[65_536];
                try {
                    while (seen.size() < small || !big) {
                        String reply = receive(socket, buf);
                        if (reply.contains("\"big\"")) {
                            assertTrue(reply.contains("{\"ReturnedMessage\":{\"big\":\"" + filler + "\"}}"),
                                    "the 60 000-byte echo came back whole (epoll=" + epoll + "), length " + reply.length());
                            big = true;
                        } else {
                            seen.add(echoedNumber(reply));
                        }
                    }
                } catch (SocketTimeoutException e) {
                    // reported below
                }
                assertTrue(big, "the large datagram was answered (epoll=" + epoll + ")");
                assertEquals(small, seen.size(), "every small one answered (epoll=" + epoll + ")");
            }
        }
    }

    /**
     * A read burst ends at the first recvmmsg that does not fill its slots; what is still queued
     * must be read at the loop's next poll, not when the next datagram happens to arrive.
     */
    @Test
    void aBurstOfManyRecvmmsgsWorthIsAnsweredInFullWithNothingAfterIt() throws Exception {
        int burst = 5 * Transport.RECEIVE_BATCH + 3;
        for (boolean epoll : new boolean[] {true, false}) {
            try (Node node = Node.start(NodeConfig.loopback().preferNativeTransport(epoll).limits(LimitsConfig.OFF).build());
                 DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                socket.setReceiveBufferSize(4 << 20);
                socket.setSoTimeout(3000);
                for (int i = 0; i < burst; i++) {
                    send(socket, node, "[{\"PleaseReturnThisMessage\":{\"n\":" + i + "}}]");
                }
                Set<String> seen = new HashSet<>();
                byte[] buf = new byte[2048];
                try {
                    while (seen.size() < burst) {
                        seen.add(echoedNumber(receive(socket, buf)));
                    }
                } catch (SocketTimeoutException e) {
                    // reported below
                }
                assertEquals(burst, seen.size(), "every request of the burst answered (epoll=" + epoll + ")");
            }
        }
    }

    private static String receive(DatagramSocket socket, byte[] buf) throws Exception {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    /** The echo of {@code {"n":N}} in a reply, as {@code {"ReturnedMessage":{"n":N}. */
    private static String echoedNumber(String reply) {
        int at = reply.indexOf("{\"ReturnedMessage\":{\"n\":");
        assertTrue(at >= 0, reply);
        return reply.substring(at, reply.indexOf('}', at));
    }

    private static void send(DatagramSocket socket, Node node, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), node.localAddress().getPort()));
    }
}
