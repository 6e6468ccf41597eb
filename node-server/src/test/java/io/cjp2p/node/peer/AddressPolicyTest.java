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
}
