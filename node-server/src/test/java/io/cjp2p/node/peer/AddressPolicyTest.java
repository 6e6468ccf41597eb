package io.cjp2p.node.peer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressPolicyTest {
    @ParameterizedTest
    @CsvSource({
            "8.8.8.8, true", "9.9.9.9, true", "127.0.0.1, false", "10.0.0.1, false", "172.16.5.4, false",
            "172.32.0.1, true", "192.168.0.1, false", "169.254.1.1, false", "100.64.0.1, false", "100.128.0.1, true",
            "192.0.2.1, false", "198.51.100.1, false", "203.0.113.7, false", "0.0.0.0, false", "224.0.0.1, false",
            "255.255.255.255, false", "198.18.0.1, false",
            "2a02:1:2::1, true", "::1, false", "fe80::1, false", "fd00::1, false", "2001:db8::1, false",
            "ff02::1, false", ":: , false"})
    void publicAddressesAreTheRoutableOnes(String ip, boolean expected) throws Exception {
        assertEquals(expected, AddressPolicy.isPublic(InetAddress.getByName(ip.trim())), ip);
    }

    @ParameterizedTest
    @CsvSource({"8.8.8.8, 1, false", "8.8.8.8, 0, true", "0.0.0.0, 5, true", "224.0.0.1, 5, true",
            "255.255.255.255, 5, true", "::, 5, true", "127.0.0.1, 5, false"})
    void nonsenseSourcesAreRecognised(String ip, int port, boolean expected) throws Exception {
        assertEquals(expected, AddressPolicy.isNonsenseSource(new InetSocketAddress(InetAddress.getByName(ip.trim()), port)));
    }

    @ParameterizedTest
    @CsvSource({
            "127.255.255.255, true", "127.0.0.0, true", "255.255.255.255, true", "0.0.0.0, true", "0.1.2.3, true",
            "224.0.0.1, true", "239.255.255.250, true", "240.0.0.1, true", "192.0.2.1, true", "198.51.100.7, true",
            "203.0.113.255, true", "::, true", "ff02::1, true", "2001:db8::1, true", "2001:db8:ffff::1, true",
            "::ffff:127.255.255.255, true", "::ffff:198.51.100.1, true",
            "127.0.0.1, false", "127.1.2.0, false", "127.77.0.255, false", "10.0.0.255, false", "8.8.8.8, false",
            "192.0.3.1, false", "198.51.101.1, false", "203.0.112.1, false", "223.255.255.254, false",
            "::1, false", "2001:db9::1, false", "2a02:1:2::1, false", "fe80::1, false"})
    void specialUseAddressesAreNeverPeers(String ip, boolean expected) throws Exception {
        InetAddress a = InetAddress.getByName(ip.trim());
        assertEquals(expected, AddressPolicy.isSpecialUse(a), ip);
        assertEquals(!expected, AddressPolicy.mayBePeer(new InetSocketAddress(a, 24254)), ip);
    }

    @org.junit.jupiter.api.Test
    void aPeerNeedsAPort() throws Exception {
        assertEquals(false, AddressPolicy.mayBePeer(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)));
    }
}
