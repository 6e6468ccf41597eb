package io.cjp2p.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class NonUnicastTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0.0.0.0; the unspecified address",
            "::; the unspecified address",
            "224.0.0.1; a multicast address",
            "239.255.255.250; a multicast address",
            "ff02::1; a multicast address",
            "ff05::1:3; a multicast address",
            "255.255.255.255; the broadcast address"})
    void namesWhatIsNoSingleHost(String ip, String kind) throws Exception {
        assertEquals(kind, NonUnicast.kind(InetAddress.getByName(ip)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "198.51.100.7", "2001:db8::5bc5:1", "10.0.0.255", "192.168.1.0",
            "fe80::1", "223.255.255.255", "240.0.0.1"})
    void unicastAddressesPass(String ip) throws Exception {
        InetAddress a = InetAddress.getByName(ip);
        assumeFalse(localBroadcasts().contains(a), "a broadcast address here");
        assertNull(NonUnicast.kind(a), ip);
    }

    /** The broadcast address of each interface that has one (eth0's 192.0.2.255 in the sandbox). */
    @Test
    void localBroadcastAddressesAreRefused() throws Exception {
        List<InetAddress> local = localBroadcasts();
        assumeFalse(local.isEmpty(), "no interface here has a broadcast address");
        for (InetAddress b : local) {
            assertEquals(b.getHostAddress().equals("255.255.255.255") ? "the broadcast address"
                    : "the broadcast address of a local network", NonUnicast.kind(b), b.getHostAddress());
        }
    }

    private static List<InetAddress> localBroadcasts() throws Exception {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(n -> n.getInterfaceAddresses().stream())
                .map(InterfaceAddress::getBroadcast)
                .filter(b -> b != null)
                .toList();
    }
}
