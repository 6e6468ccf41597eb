package io.cjp2p.node.peer;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;

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

    @Test
    void ipv4GroupsAreTheIpItsSlash24AndItsSlash16() throws Exception {
        AddressGroup[] g = of("8.9.10.11");
        assertEquals(AddressGroup.Kind.IPV4, g[AddressGroup.HOST].kind());
        assertEquals(AddressGroup.Kind.IPV4_24, g[AddressGroup.SUBNET].kind());
        assertEquals(AddressGroup.Kind.IPV4_16, g[AddressGroup.NETWORK].kind());
        sameAt(AddressGroup.SUBNET, "8.9.10.11", "8.9.10.200");
        differentAt(AddressGroup.SUBNET, "8.9.10.11", "8.9.11.11");
        sameAt(AddressGroup.NETWORK, "8.9.10.11", "8.9.255.1");
        differentAt(AddressGroup.NETWORK, "8.9.10.11", "8.10.10.11");
        differentAt(AddressGroup.HOST, "8.9.10.11", "8.9.10.12");
        differentAt(AddressGroup.NETWORK, "128.9.0.1", "0.9.0.1"); // the top bit is not lost
    }

    @Test
    void ipv6GroupsAreTheIpItsSlash64AndItsSlash48() throws Exception {
        AddressGroup[] g = of("2a02:1:2:3::1");
        assertEquals(AddressGroup.Kind.IPV6, g[AddressGroup.HOST].kind());
        assertEquals(AddressGroup.Kind.IPV6_64, g[AddressGroup.SUBNET].kind());
        assertEquals(AddressGroup.Kind.IPV6_48, g[AddressGroup.NETWORK].kind());
        sameAt(AddressGroup.SUBNET, "2a02:1:2:3::1", "2a02:1:2:3:ffff:ffff:ffff:ffff");
        differentAt(AddressGroup.SUBNET, "2a02:1:2:3::1", "2a02:1:2:4::1");
        sameAt(AddressGroup.NETWORK, "2a02:1:2:3::1", "2a02:1:2:ffff::1");
        differentAt(AddressGroup.NETWORK, "2a02:1:2:3::1", "2a02:1:3:3::1");
        differentAt(AddressGroup.HOST, "2a02:1:2:3::1", "2a02:1:2:3::2");
        differentAt(AddressGroup.HOST, "2a02:1:2:3::1", "2a03:1:2:3::1");
        // An IPv6 group never equals an IPv4 one with the same bits.
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
