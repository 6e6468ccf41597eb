package io.cjp2p.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The record's defaults and its validation, which the command line relies on. */
class NodeConfigTest {
    /** The defaults README.md documents in its Flags and Metrics tables. */
    @Test
    void theDefaultIsAPublicNodeAsDocumented() throws Exception {
        NodeConfig d = NodeConfig.DEFAULT;
        assertEquals(InetAddress.getByName("::"), d.bindAddress());
        assertEquals(24254, d.port());
        assertEquals(Bootstrap.parse(Bootstrap.DEFAULT_BOOTSTRAP), d.bootstrap());
        assertEquals(10_000, d.maxPeers());
        assertEquals(500, d.maxCandidates());
        assertEquals(1, d.threads());
        assertEquals(TransportChoice.AUTO, d.transport());
        assertEquals(CpuList.NONE, d.cpus());
        assertEquals(Duration.ZERO, d.busyPoll());
        assertEquals(Duration.ofMillis(1000), d.tick());
        assertEquals(Duration.ofSeconds(1800), d.peerTtl());
        assertEquals(Duration.ofSeconds(3600), d.cookieRotation());
        assertEquals(Duration.ofMinutes(10), d.handoutWindow());
        assertEquals(Duration.ofMinutes(1), d.probeInterval());
        assertEquals(LimitsConfig.DEFAULT, d.limits());
        assertEquals(InetAddress.getByName("127.0.0.1"), d.httpAddress());
        assertEquals(24255, d.httpPort());
        assertEquals(java.nio.file.Path.of("./cjp2p-state"), d.stateDir());
        assertEquals(Duration.ofMinutes(1), d.peerSaveInterval());
        assertEquals(d, NodeConfig.builder().build(), "the builder starts from the defaults");
    }

    @Test
    void loopbackIsForTestsOnly() {
        NodeConfig c = NodeConfig.loopback().build();
        assertTrue(c.bindAddress().isLoopbackAddress());
        assertEquals(0, c.port());
        assertEquals(List.of(), c.bootstrap());
        assertEquals(0, c.httpPort());
        assertEquals(null, c.stateDir(), "a test node writes no state unless it is given a directory");
    }

    @Test
    void eachNumberIsCheckedAgainstItsFlagsBound() {
        assertRefused("--port must be in 0..65535, got 65536", NodeConfig.loopback().port(65_536));
        assertRefused("--threads must be in 1..64, got 0", NodeConfig.loopback().threads(0));
        assertRefused("--max-peers must be in 1..10000000, got 0", NodeConfig.loopback().maxPeers(0));
        assertRefused("--max-candidates must be in 1..1000000, got 1000001", NodeConfig.loopback().maxCandidates(1_000_001));
        assertRefused("--tick-ms must be in 10..60000, got 60001", NodeConfig.loopback().tick(Duration.ofMillis(60_001)));
        assertRefused("--peer-ttl-s must be in 10..2592000, got 2592001",
                NodeConfig.loopback().peerTtl(Duration.ofSeconds(2_592_001)));
        assertRefused("--cookie-rotation-s must be in 10..2592000, got 9", NodeConfig.loopback().cookieRotation(Duration.ofSeconds(9)));
        assertRefused("--busy-poll must be in 0..1000000, got -1", NodeConfig.loopback().busyPoll(Duration.ofNanos(-1000)));
        assertRefused("--http-port must be in 0..65535, got -1", NodeConfig.loopback().httpPort(-1));
    }

    @Test
    void periodsWithoutAFlagMustBePositiveAndAtMostThirtyDays() {
        assertRefused("handoutWindow must be positive and at most PT720H, got PT0S",
                NodeConfig.loopback().handoutWindow(Duration.ZERO));
        assertRefused("probeInterval must be positive and at most PT720H, got PT720H0.000000001S",
                NodeConfig.loopback().probeInterval(Bound.LONGEST_PERIOD.plusNanos(1)));
        assertRefused("peerSaveInterval must be positive and at most PT720H, got PT-1S",
                NodeConfig.loopback().peerSaveInterval(Duration.ofSeconds(-1)));
        NodeConfig.loopback().probeInterval(Bound.LONGEST_PERIOD).handoutWindow(Duration.ofNanos(1)).build();
    }

    @Test
    void theStateDirectoryIsADirectoryOrNone() {
        assertRefused("--state-dir must name a directory", NodeConfig.loopback().stateDir(java.nio.file.Path.of("")));
        assertEquals(java.nio.file.Path.of("/tmp/x"),
                NodeConfig.loopback().stateDir(java.nio.file.Path.of("/tmp/x")).build().stateDir());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "224.0.0.1", "ff02::1", "255.255.255.255"})
    void bootstrapPeersMustBeUnicast(String ip) throws Exception {
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName(ip), 24254);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.loopback().bootstrap(List.of(peer)).build());
        assertTrue(e.getMessage().startsWith("--bootstrap: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(", not a peer"), e.getMessage());
    }

    @Test
    void aBootstrapPeerNeedsAPort() {
        assertRefused("--bootstrap: 127.0.0.1:0 has no port",
                NodeConfig.loopback().bootstrap(List.of(new InetSocketAddress("127.0.0.1", 0))));
        assertRefused("--bootstrap: example.invalid is not resolved",
                NodeConfig.loopback().bootstrap(List.of(InetSocketAddress.createUnresolved("example.invalid", 1))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"224.0.0.1", "ff02::1", "255.255.255.255"})
    void theBindAddressIsNeverMulticastOrBroadcast(String ip) throws Exception {
        InetAddress bind = InetAddress.getByName(ip);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.loopback().bindAddress(bind).build());
        assertTrue(e.getMessage().startsWith("--bind: " + bind.getHostAddress() + " is "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "127.0.0.1", "::1"})
    void theBindAddressMayBeEveryInterface(String ip) throws Exception {
        InetAddress bind = InetAddress.getByName(ip);
        assertEquals(bind, NodeConfig.loopback().bindAddress(bind).build().bindAddress());
    }

    @Test
    void theTransportDecidesWhetherEpollIsTried() {
        assertTrue(NodeConfig.loopback().transport(TransportChoice.EPOLL).build().preferNativeTransport());
        assertEquals(TransportChoice.NIO, NodeConfig.loopback().preferNativeTransport(false).build().transport());
        assertEquals(TransportChoice.AUTO, NodeConfig.loopback().preferNativeTransport(true).build().transport());
        assertEquals("nio", TransportChoice.NIO.toString());
    }

    private static void assertRefused(String message, NodeConfig.Builder builder) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals(message, e.getMessage());
    }
}
