package io.cjp2p.node.cookie;

import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.RawJson;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CookieValidatorTest {
    private final Random random = new Random(42);

    private InetAddress randomIp() throws Exception {
        byte[] b = new byte[random.nextBoolean() ? 4 : 16];
        random.nextBytes(b);
        return InetAddress.getByAddress(b);
    }

    private static RawJson body(String cookie) {
        return RawJson.of("{\"cookie\":\"" + cookie + "\"}");
    }

    /** The IPv4 route hashes an int instead of the address's bytes; it must be the same function. */
    @Test
    void theIpv4RouteHashesTheSameAsTheByteRoute() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            long k0 = random.nextLong();
            long k1 = random.nextLong();
            byte[] b = new byte[4];
            random.nextBytes(b);
            Inet4Address ip = (Inet4Address) InetAddress.getByAddress(b);
            // CookieValidator relies on this: an Inet4Address's hash code is its address.
            assertEquals((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff), ip.hashCode());
            assertEquals(SipHash.hash(k0, k1, b), SipHash.hashIpv4(k0, k1, ip.hashCode()));
        }
    }

    /**
     * The per-thread cache of issued cookies: more IPs than it has slots, revisited in random
     * order, always get their own cookie; a repeat with no collision in between gets the same
     * object; a rotation is never answered from the cache.
     */
    @Test
    void cachedCookiesAreAlwaysTheIpsOwnAndNeverOutliveTheSecret() throws Exception {
        CookieValidator v = new CookieValidator(new SecureRandom());
        InetAddress[] ips = new InetAddress[CookieValidator.CACHE_SLOTS * 4];
        for (int i = 0; i < ips.length; i++) {
            ips[i] = randomIp();
        }
        int hits = 0;
        for (int round = 0; round < 20_000; round++) {
            if (round % 5_000 == 4_999) {
                v.rotate();
            }
            InetAddress ip = ips[random.nextInt(ips.length)];
            PleaseAlwaysReturnThisMessage m = v.cookieMessageFor(ip);
            assertEquals(v.cookieBodyFor(ip), m.body(), ip.toString());
            assertEquals(CookieValidator.Result.CURRENT, v.check(ip, m.body()));
            if (v.cookieMessageFor(ip) == m) {
                hits++;
            }
        }
        assertEquals(20_000, hits, "an immediate repeat is always a hit");
        InetAddress ip = ips[0];
        PleaseAlwaysReturnThisMessage before = v.cookieMessageFor(ip);
        assertSame(before, v.cookieMessageFor(ip));
        v.rotate();
        PleaseAlwaysReturnThisMessage after = v.cookieMessageFor(ip);
        assertNotSame(before, after);
        assertNotEquals(before.body(), after.body());
        assertEquals(CookieValidator.Result.PREVIOUS, v.check(ip, before.body()));
    }

    @Test
    void ourCookieValidatesForItsIpAndNoOther() throws Exception {
        CookieValidator v = new CookieValidator(new SecureRandom());
        for (int i = 0; i < 2000; i++) {
            InetAddress ip = randomIp();
            InetAddress other = randomIp();
            String cookie = v.cookieFor(ip);
            assertTrue(cookie.matches("[0-9a-f]{16}"), cookie);
            assertEquals(CookieValidator.Result.CURRENT, v.check(ip, body(cookie)));
            if (!other.equals(ip)) {
                assertEquals(CookieValidator.Result.INVALID, v.check(other, body(cookie)), "cookie of " + ip + " used by " + other);
            }
        }
    }

    @Test
    void everyShapeOfOurCookieIsAccepted() throws Exception {
        CookieValidator v = new CookieValidator();
        InetAddress ip = InetAddress.getByName("203.0.113.7");
        String c = v.cookieFor(ip);
        assertEquals(CookieValidator.Result.CURRENT, v.check(ip, RawJson.of("{ \"cookie\" : \"" + c + "\" }")));
        assertEquals(CookieValidator.Result.CURRENT, v.check(ip, RawJson.of("{\"other\":1,\"cookie\":\"" + c + "\"}")));
        assertEquals(CookieValidator.Result.CURRENT, v.check(ip, RawJson.of("\"" + c + "\"")));
        assertEquals(CookieValidator.Result.CURRENT, v.check(ip, RawJson.of("[\"" + c + "\",\"string\"]")));
        assertEquals(CookieValidator.Result.INVALID, v.check(ip, RawJson.of("{\"cookie\":\"" + c.toUpperCase() + "\"}")));
        assertEquals(CookieValidator.Result.INVALID, v.check(ip, RawJson.of("{\"cookie\":\"" + c.substring(1) + "0\"}")));
        assertEquals(CookieValidator.Result.INVALID, v.check(ip, RawJson.of("12345")));
        assertEquals(CookieValidator.Result.INVALID, v.check(ip, RawJson.of("{\"cookie\":" + Long.parseUnsignedLong(c, 16) + "}")));
    }

    @Test
    void aV4MappedSourceHasTheCookieOfItsIpv4Address() throws Exception {
        CookieValidator v = new CookieValidator();
        InetAddress v4 = InetAddress.getByName("192.0.2.1");
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1});
        assertEquals(v.cookieFor(v4), v.cookieFor(mapped));
    }

    @Test
    void afterOneRotationTheOldCookieIsStaleAndAfterTwoItIsInvalid() throws Exception {
        CookieValidator v = new CookieValidator();
        InetAddress ip = InetAddress.getByName("198.51.100.4");
        String first = v.cookieFor(ip);
        v.rotate();
        String second = v.cookieFor(ip);
        assertNotEquals(first, second);
        assertEquals(CookieValidator.Result.PREVIOUS, v.check(ip, body(first)));
        assertEquals(CookieValidator.Result.CURRENT, v.check(ip, body(second)));
        v.rotate();
        assertEquals(CookieValidator.Result.INVALID, v.check(ip, body(first)));
        assertEquals(CookieValidator.Result.PREVIOUS, v.check(ip, body(second)));
    }

    @Test
    void twoNodesIssueDifferentCookies() throws Exception {
        InetAddress ip = InetAddress.getByName("192.0.2.9");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            assertTrue(seen.add(new CookieValidator().cookieFor(ip)), "secrets are random");
        }
    }
}
