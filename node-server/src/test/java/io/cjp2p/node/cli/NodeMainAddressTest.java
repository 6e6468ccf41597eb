package io.cjp2p.node.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Addresses that name no single host are refused where a peer or a bind address is meant. */
class NodeMainAddressTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0.0.0.0:24254; the unspecified address",
            "[::]:24254; the unspecified address",
            "224.0.0.1:24254; a multicast address",
            "[ff02::1]:24254; a multicast address",
            "255.255.255.255:24254; the broadcast address",
            "127.0.0.1:5,224.0.0.1:6; a multicast address"})
    void bootstrapRefusesWhatIsNoPeer(String entries, String kind) {
        CliRun r = CliRun.of("--bootstrap", entries, "--bind", "127.0.0.1");
        assertEquals(2, r.code());
        assertNull(r.started());
        assertTrue(r.err().startsWith("cjp2p-node: --bootstrap: "), r.err());
        assertTrue(r.err().contains(" is " + kind + ", not a peer (see --help)"), r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "224.0.0.1; a multicast address",
            "ff02::1; a multicast address",
            "239.255.255.250; a multicast address",
            "255.255.255.255; the broadcast address"})
    void bindRefusesMulticastAndBroadcast(String bind, String kind) {
        CliRun r = CliRun.of("--bootstrap", "none", "--bind", bind);
        assertEquals(2, r.code());
        assertNull(r.started());
        assertTrue(r.err().startsWith("cjp2p-node: --bind: "), r.err());
        assertTrue(r.err().contains(" is " + kind + ";"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "0.0.0.0", "127.0.0.1", "::1"})
    void bindTakesEveryInterfaceAndUnicastAddresses(String bind) throws Exception {
        CliRun r = CliRun.of("--bootstrap", "none", "--bind", bind);
        assertEquals(0, r.code(), r.err());
        assertEquals(InetAddress.getByName(bind), r.started().bindAddress());
    }

    @Test
    void bootstrapTakesUnicastPeers() {
        CliRun r = CliRun.of("--bootstrap", "127.0.0.1:5,[::1]:6", "--bind", "::");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5), new InetSocketAddress("::1", 6)),
                r.started().bootstrap());
    }
}
