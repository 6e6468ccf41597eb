package io.cjp2p.node.peer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class AddressGroupTest {
    private static AddressGroup[] of(String ip) throws Exception {
        return AddressGroup.groupsOf(InetAddress.getByName(ip));
    }

    private static void sameAt(int level, String a, String b) throws Exception {
        assertEquals(of(a)[level], of(b)[level], a + " and " + b + " at level " + level);
    }

    private static void differentAt(int level, String a, String b) throws Exception {
        assertNotEquals(of(a)[level], of(b)[level], a + " and " + b + " at level " + level);
    }

    /** Each row: an address, its kinds, an address in the same subnet, one in the same network but another subnet, one in another network. */
    @ParameterizedTest
    @CsvSource({
            "8.9.10.11, IPV4, IPV4_24, IPV4_16, 8.9.10.200, 8.9.255.1, 8.10.10.11",
            "128.9.0.1, IPV4, IPV4_24, IPV4_16, 128.9.0.2, 128.9.1.1, 0.9.0.1", // the top bit is not lost
            "2a02:1:2:3::1, IPV6, IPV6_64, IPV6_48, 2a02:1:2:3:ffff:ffff:ffff:ffff, 2a02:1:2:ffff::1, 2a02:1:3:3::1",
            "2a02:1:2:3::1, IPV6, IPV6_64, IPV6_48, 2a02:1:2:3::2, 2a02:1:2:4::1, 2a03:1:2:3::1"})
    void theGroupsAreTheIpItsSubnetAndItsNetwork(String ip, AddressGroup.Kind host, AddressGroup.Kind subnet,
                                                 AddressGroup.Kind network, String sameSubnet, String sameNetwork,
                                                 String otherNetwork) throws Exception {
        AddressGroup[] g = of(ip);
        assertEquals(List.of(host, subnet, network), Arrays.stream(g).map(AddressGroup::kind).toList());
        differentAt(AddressGroup.HOST, ip, sameSubnet);
        sameAt(AddressGroup.SUBNET, ip, sameSubnet);
        differentAt(AddressGroup.SUBNET, ip, sameNetwork);
        sameAt(AddressGroup.NETWORK, ip, sameNetwork);
        differentAt(AddressGroup.NETWORK, ip, otherNetwork);
    }

    @Test
    void anIpv6GroupNeverEqualsAnIpv4OneWithTheSameBits() throws Exception {
        assertNotEquals(of("::8.9.10.11")[AddressGroup.HOST], of("8.9.10.11")[AddressGroup.HOST]);
    }

    @Test
    void ipv4MappedIpv6CountsAsIpv4() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 8, 9, 10, 11};
        // The JDK turns a mapped address into Inet4Address when it can; a socket may still report this form.
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertInstanceOf(Inet6Address.class, v6);
        assertArrayEquals(of("8.9.10.11"), AddressGroup.groupsOf(v6));
    }
}
