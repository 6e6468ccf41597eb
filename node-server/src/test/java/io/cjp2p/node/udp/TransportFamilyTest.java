package io.cjp2p.node.udp;

import io.cjp2p.node.config.CpuList;
import io.cjp2p.node.support.OwnSockets;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An IPv4 address gets an IPv4 socket, anything else the dual-stack IPv6 one, on both transports.
 * The kernel lists every UDP socket in the table of its family, {@code /proc/net/udp} or
 * {@code /proc/net/udp6}, so that is where the test looks.
 */
class TransportFamilyTest {
    @BeforeAll
    static void linuxOnly() {
        assumeTrue(OwnSockets.available(), "the socket tables are Linux's");
    }

    @ParameterizedTest(name = "{0} on {1}, native {2}")
    @CsvSource({
            "127.0.0.1, udp, true", "127.0.0.1, udp, false",
            "::1, udp6, true", "::1, udp6, false",
            "::, udp6, true"})
    void theSocketIsOfTheAddressFamily(String address, String table, boolean preferNative) throws Exception {
        try (Transport t = Transport.bind(InetAddress.getByName(address), 0, 1, preferNative, CpuList.NONE, Duration.ZERO, true,
                new ChannelInboundHandlerAdapter())) { // one socket, so the handler need not be sharable
            int port = t.localAddress().getPort();
            int sockets = t.hasSendOnlySockets() ? 2 : 1; // a send-only socket is of the same family
            assertEquals(sockets, OwnSockets.on(table, port).size(), address + " in /proc/net/" + table);
            assertEquals(0, OwnSockets.on(table.equals("udp") ? "udp6" : "udp", port).size(),
                    address + " in the other table");
        }
    }
}
