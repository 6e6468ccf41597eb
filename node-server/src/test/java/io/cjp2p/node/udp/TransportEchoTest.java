package io.cjp2p.node.udp;

import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The benchmark's transport echo, over real loopback sockets: every datagram comes back whole. */
class TransportEchoTest {
    @Test
    void echoesEveryDatagramOfABurstWholeALargeOneAmongThem() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (Transport echo = TransportEcho.start(loopback, 0);
             DatagramSocket client = new DatagramSocket(0, loopback)) {
            client.setSoTimeout(5000);
            client.setReceiveBufferSize(1 << 20);
            Random r = new Random(7);
            Map<Integer, byte[]> sent = new HashMap<>();
            for (int i = 0; i < 40; i++) {
                // Datagram i starts with its number; the 20th is near the largest UDP payload.
                byte[] b = new byte[i == 20 ? 60_000 : 1 + r.nextInt(200)];
                r.nextBytes(b);
                b[0] = (byte) i;
                sent.put(i, b);
                client.send(new DatagramPacket(b, b.length, echo.localAddress()));
            }
            byte[] buf = new byte[65_536];
            for (int n = 0; n < 40; n++) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                client.receive(p);
                byte[] got = Arrays.copyOf(p.getData(), p.getLength());
                byte[] expected = sent.remove((int) got[0]);
                assertNotNull(expected, "an echo of a datagram not sent, or twice: " + got[0]);
                assertArrayEquals(expected, got);
            }
            assertEquals(0, sent.size());
        }
    }
}
