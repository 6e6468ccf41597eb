package io.cjp2p.node.dispatch;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gossip amplifier over real loopback sockets: a verified attacker sends one Peers naming 256
 * victims, each a real socket on its own 127.x.y.z address that never answers. Over the window
 * (long enough for the node to have worked through every candidate at a 50 ms tick), the victims
 * together receive at most twice the bytes of that one datagram, and only our lone cookie.
 */
class GossipAmplificationIT {
    private static final int VICTIMS = 256;
    /** The node takes 4 candidates a tick: 256 of them would all be contacted within 3.2 s. */
    private static final long WINDOW_NANOS = Duration.ofSeconds(6).toNanos();

    @Test
    void oneGossipOfTwoHundredFiftySixVictimsCostsThemAtMostTwiceItsBytes() throws Exception {
        List<DatagramChannel> victims = new ArrayList<>();
        try (Selector selector = Selector.open();
             Node node = Node.start(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.0.1"))
                     .tick(Duration.ofMillis(50)).build());
             UdpClient attacker = new UdpClient(node.localAddress(), InetAddress.getByName("127.0.32.1"))) {
            StringJoiner names = new StringJoiner(",");
            for (int i = 0; i < VICTIMS; i++) {
                DatagramChannel v = DatagramChannel.open();
                victims.add(v);
                v.bind(new InetSocketAddress(InetAddress.getByAddress(
                        new byte[] {127, 66, (byte) (i / 250), (byte) (1 + i % 250)}), 0));
                v.configureBlocking(false);
                v.register(selector, SelectionKey.OP_READ);
                InetSocketAddress a = (InetSocketAddress) v.getLocalAddress();
                names.add("\"" + a.getAddress().getHostAddress() + ":" + a.getPort() + "\"");
            }
            attacker.handshake("a");
            attacker.send(attacker.verified("")); // a verified peer now
            byte[] gossip = attacker.verified("{\"Peers\":{\"peers\":[" + names + "]}}").getBytes(StandardCharsets.UTF_8);
            assertTrue(gossip.length > 5000, "one Peers of 256 victims: " + gossip.length + " bytes");
            attacker.send(gossip);

            MessageDecoder decoder = new MessageDecoder();
            ByteBuffer buf = ByteBuffer.allocate(65_536);
            long bytes = 0;
            int datagrams = 0;
            List<String> notALoneCookie = new ArrayList<>();
            long end = System.nanoTime() + WINDOW_NANOS;
            while (System.nanoTime() < end) {
                selector.select(Math.max(1, (end - System.nanoTime()) / 1_000_000));
                for (SelectionKey k : selector.selectedKeys()) {
                    DatagramChannel v = (DatagramChannel) k.channel();
                    buf.clear();
                    while (v.receive(buf) != null) {
                        buf.flip();
                        byte[] d = new byte[buf.remaining()];
                        buf.get(d);
                        bytes += d.length;
                        datagrams++;
                        List<Message> m = decoder.decode(d);
                        if (m.size() != 1 || !(m.get(0) instanceof PleaseAlwaysReturnThisMessage)) {
                            notALoneCookie.add(new String(d, StandardCharsets.UTF_8));
                        }
                        buf.clear();
                    }
                }
                selector.selectedKeys().clear();
            }
            System.out.printf("one %d-byte gossip of %d victims: %d datagrams, %d bytes to the victims (%.2fx)%n",
                    gossip.length, VICTIMS, datagrams, bytes, (double) bytes / gossip.length);
            assertTrue(datagrams > 0, "the node did contact some of the gossiped addresses");
            assertTrue(bytes <= 2L * gossip.length, datagrams + " datagrams, " + bytes + " bytes sent to victims for a "
                    + gossip.length + "-byte gossip: more than twice");
            assertEquals(List.of(), notALoneCookie, "a victim gets our cookie alone");
        } finally {
            for (DatagramChannel v : victims) {
                v.close();
            }
        }
    }
}
