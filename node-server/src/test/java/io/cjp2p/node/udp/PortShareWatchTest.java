package io.cjp2p.node.udp;

import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PortShareWatchTest {
    @Test
    void readsTheLocalPortOfATableRow() {
        String row = "  312: 0100007F:5EDE 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 12345 2 0000 0";
        assertTrue(PortShareWatch.isBoundTo(row, ":5EDE"));
        assertFalse(PortShareWatch.isBoundTo(row, ":0000"), "the remote port is not ours");
        assertFalse(PortShareWatch.isBoundTo("   sl  local_address rem_address   st tx_queue", ":5EDE"), "the header");
    }

    @Test
    void countsARealSocketOnItsPort() throws Exception {
        assumeTrue(java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/net/udp")), "Linux /proc");
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = s.getLocalPort();
            assertEquals(1, PortShareWatch.countBound(port));
            PortShareWatch watch = new PortShareWatch(port, 1);
            watch.check();
            assertEquals(0, watch.foreign(), "our own socket is not a stranger");
            PortShareWatch strict = new PortShareWatch(port, 0);
            strict.check();
            assertEquals(1, strict.foreign());
        }
    }
}
