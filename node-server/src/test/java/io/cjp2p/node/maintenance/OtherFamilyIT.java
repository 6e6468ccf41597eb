package io.cjp2p.node.maintenance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import io.cjp2p.node.support.LogCapture;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A node bound to an IPv4 address sends nothing to IPv6 addresses, wherever it heard of them: its
 * socket cannot reach them, and every attempt used to cost a logged exception on the packet path.
 * Over real loopback sockets, 127.0.0.1 and ::1.
 */
class OtherFamilyIT {
    /** Where the listening clients would send to; they never send. */
    private static final InetSocketAddress NOWHERE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

    @RegisterExtension
    final LogCapture log = LogCapture.root();
    private InetAddress v4;
    private InetAddress v6;

    @BeforeEach
    void setUp() throws Exception {
        v4 = InetAddress.getByName("127.0.0.1");
        v6 = InetAddress.getByName("::1"); // as NodeIntegrationIT, the suite takes IPv6 loopback as given
    }

    private List<String> warnings() {
        return log.atLeast(Level.WARN).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void bootstrapPeersOfTheOtherFamilyAreSkipped() throws Exception {
        try (UdpClient ipv4Peer = new UdpClient(NOWHERE, v4); UdpClient ipv6Peer = new UdpClient(NOWHERE, v6)) {
            try (Node node = Node.start(NodeConfig.loopback().bindAddress(v4).tick(Duration.ofMillis(50))
                    .bootstrap(List.of(ipv6Peer.localAddress(), ipv4Peer.localAddress())).build())) {
                // A lonely node contacts its bootstrap list every tenth tick: two rounds.
                assertNotNull(ipv4Peer.receive(3000), "first round");
                assertNotNull(ipv4Peer.receive(3000), "second round");
                assertNull(ipv6Peer.receive(100), "nothing to the IPv6 bootstrap peer");
            }
        }
        assertEquals(List.of(), warnings());
    }

    @Test
    void gossipedAddressesOfTheOtherFamilyAreNotCandidates() throws Exception {
        // A tick a minute: the candidates stay where gossip put them until the test looks.
        try (Node node = Node.start(NodeConfig.loopback().bindAddress(v4).tick(Duration.ofSeconds(60)).build());
             UdpClient gossiper = new UdpClient(node.localAddress(), v4)) {
            Thread.sleep(300); // past the first tick, 50 ms after start, which would probe (and take) the candidate
            gossiper.handshake("g");
            gossiper.send(gossiper.verified("{\"Peers\":{\"peers\":[\"[::1]:4000\",\"127.0.0.1:4001\"]}}"));
            gossiper.ask(gossiper.verified("{\"PleaseReturnThisMessage\":{}}")); // the gossip was handled
            assertEquals(1, node.candidates().size(), "only 127.0.0.1:4001");
        }
        assertEquals(List.of(), warnings());
    }
}
