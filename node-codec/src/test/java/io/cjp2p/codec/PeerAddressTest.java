package io.cjp2p.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static io.cjp2p.codec.Wire.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Literal socket addresses on the wire (PROTOCOL.md 1.4 and 4.1). */
class PeerAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // text                                            | ip                | port  | canonical
            "1.2.3.4:5                                         | 1.2.3.4           | 5     | 1.2.3.4:5",
            "203.0.113.54:24254                               | 203.0.113.54     | 24254 | 203.0.113.54:24254",
            "0.0.0.0:1                                         | 0.0.0.0           | 1     | 0.0.0.0:1",
            "255.255.255.255:65535                             | 255.255.255.255   | 65535 | 255.255.255.255:65535",
            "[2001:db8::1]:24254                               | 2001:db8::1       | 24254 | [2001:db8::1]:24254",
            "[2001:db8::5]:24254                               | 2001:db8::5       | 24254 | [2001:db8::5]:24254",
            "[::1]:1                                           | ::1               | 1     | [::1]:1",
            "[::]:24254                                        | ::                | 24254 | [::]:24254",
            "[2001:0DB8:0000:0000:0000:0000:0000:0001]:24254   | 2001:db8::1       | 24254 | [2001:db8::1]:24254",
            "[2001:db8:0:0:1:0:0:1]:9                          | 2001:db8::1:0:0:1 | 9     | [2001:db8::1:0:0:1]:9",
            "[2001:db8:0:1:1:1:1:1]:9                          | 2001:db8:0:1:1:1:1:1 | 9  | [2001:db8:0:1:1:1:1:1]:9",
            "[2001:db8::1:0:0:0:1]:9                           | 2001:db8:0:1::1   | 9     | [2001:db8:0:1::1]:9",
            "[::ffff:1.2.3.4]:9                                | 1.2.3.4           | 9     | 1.2.3.4:9",
            "[::ffff:0102:0304]:9                              | 1.2.3.4           | 9     | 1.2.3.4:9",
            "1.2.3.4:00080                                     | 1.2.3.4           | 80    | 1.2.3.4:80"})
    void parsesLiterals(String text, String ip, int port, String canonical) {
        InetSocketAddress a = PeerAddress.parse(text);
        assertNotNull(a, text);
        assertEquals(addr(ip, port), a);
        assertEquals(canonical, PeerAddress.format(a));
        assertEquals(a, PeerAddress.parse(canonical));
    }

    @Test
    void parsesScopedLinkLocal() {
        InetSocketAddress a = PeerAddress.parse("[fe80::1%2]:24254");
        assertNotNull(a);
        Inet6Address ip = assertInstanceOf(Inet6Address.class, a.getAddress());
        assertEquals(2, ip.getScopeId());
        assertEquals(24254, a.getPort());
        assertEquals("[fe80::1%2]:24254", PeerAddress.format(a));
    }

    @Test
    void v4MappedIsNormalisedToIpv4() {
        InetSocketAddress a = PeerAddress.parse("[::ffff:1.2.3.4]:9");
        assertInstanceOf(Inet4Address.class, a.getAddress());
        assertEquals(new InetSocketAddress(addr("1.2.3.4", 9).getAddress(), 9), a);
        assertEquals("1.2.3.4:9", PeerAddress.format(a));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "example.com:1", "localhost:1", "localhost:24254", "a:1", "[example.com]:1",
            "1.2.3.4:0", "[::1]:0", "1.2.3.4:65536", "[::1]:65536", "1.2.3.4:99999", "1.2.3.4:100000",
            "1.2.3.4:", "1.2.3.4", "[::1]", "[::1]:", ":5", ":", "[]:5",
            "[::1", "[::1:5", "::1]:5", "2001:db8::1:24254", "[1.2.3.4]:5",
            "1.2.3.256:1", "256.0.0.0:1", "1.2.3:4", "1.2.3.4.5:6", "1.2.3.-4:5",
            "1.2.3.4:+5", "1.2.3.4:-1", "1.2.3.4:5a", "1.2.3.4:0x10", " 1.2.3.4:5", "1.2.3.4:5 ", "1.2.3.4 :5",
            "[fe80::1%eth0]:1", "[fe80::1%]:1", "[fe80::1%-1]:1", "[::1]x:5", "[[::1]]:5",
            "[2001:db8::1::2]:5", "[2001:db8:1:2:3:4:5:6:7]:5", "[gggg::1]:5",
            "\u0661.2.3.4:5", "1.2.3.4:\u0665",
            "0000000000000000000000000000000000000000000000000000000000001.2.3.4:5"})
    void rejectsEverythingElse(String text) {
        assertNull(PeerAddress.parse(text), text);
    }

    @Test
    void hostNamesAreNeverResolved() {
        // A resolver would turn these into addresses; a literal-only parser returns null quickly.
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertNull(PeerAddress.parse("host" + i + ".invalid:24254"));
            assertNull(PeerAddress.parse("localhost:24254"));
        }
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "parse must not do DNS");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2001:0db8:0000:0000:0000:0000:0000:0001 | 24254 | [2001:db8::1]:24254",
            "2001:DB8::1                             | 24254 | [2001:db8::1]:24254",
            "2001:db8:0:0:1:0:0:1                    | 1     | [2001:db8::1:0:0:1]:1",
            "2001:0:0:1:0:0:0:1                      | 1     | [2001:0:0:1::1]:1",
            "2001:db8:0:1:1:1:1:1                    | 1     | [2001:db8:0:1:1:1:1:1]:1",
            "0:0:0:0:0:0:0:0                         | 1     | [::]:1",
            "0:0:0:0:0:0:0:1                         | 1     | [::1]:1",
            "fe80:0:0:0:0:0:0:1                      | 9     | [fe80::1]:9",
            "1.2.3.4                                 | 5     | 1.2.3.4:5",
            "10.0.0.1                                | 65535 | 10.0.0.1:65535"})
    void formatIsRfc5952(String ip, int port, String expected) {
        assertEquals(expected, PeerAddress.format(addr(ip, port)));
    }

    @Test
    void formatNormalisesMappedInet6Address() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4};
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertInstanceOf(Inet6Address.class, v6);
        assertEquals("1.2.3.4:9", PeerAddress.format(new InetSocketAddress(v6, 9)));
        InetSocketAddress n = PeerAddress.normalize(new InetSocketAddress(v6, 9));
        assertInstanceOf(Inet4Address.class, n.getAddress());
        assertEquals(addr("1.2.3.4", 9), n);
    }

    @Test
    void formatScopedAddress() throws Exception {
        InetAddress v6 = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 7);
        assertEquals("[fe80::1%7]:24254", PeerAddress.format(new InetSocketAddress(v6, 24254)));
    }

    @Test
    void normalizeLeavesOtherAddressesAlone() {
        InetSocketAddress v4 = addr("1.2.3.4", 5);
        assertSame(v4, PeerAddress.normalize(v4));
        InetSocketAddress v6 = addr("2001:db8::1", 5);
        assertSame(v6, PeerAddress.normalize(v6));
        // IPv4-compatible (deprecated ::a.b.c.d) is not IPv4-mapped and stays IPv6
        InetSocketAddress compat = PeerAddress.parse("[::1.2.3.4]:5");
        assertNotNull(compat);
        assertInstanceOf(Inet6Address.class, compat.getAddress());
    }

    @Test
    void parseFormatRoundTripsRandomAddresses() throws Exception {
        java.util.Random rnd = new java.util.Random(24254);
        for (int i = 0; i < 2000; i++) {
            byte[] raw = new byte[i % 2 == 0 ? 4 : 16];
            rnd.nextBytes(raw);
            if (raw.length == 16 && i % 10 == 1) {
                java.util.Arrays.fill(raw, 2, 12, (byte) 0); // runs of zeros exercise "::"
            }
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByAddress(raw), 1 + rnd.nextInt(65535));
            String text = PeerAddress.format(a);
            assertEquals(PeerAddress.normalize(a), PeerAddress.parse(text), text);
            assertEquals(text, PeerAddress.format(PeerAddress.parse(text)));
        }
    }
}
