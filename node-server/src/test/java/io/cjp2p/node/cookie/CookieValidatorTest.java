package io.cjp2p.node.cookie;

import io.cjp2p.codec.RawJson;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    @Test
    void sipHashMatchesTheReferenceVector() {
        // From the SipHash paper, appendix A: key 00..0f, message 00..0e, output a129ca6149be45e5.
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        byte[] message = new byte[15];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        assertEquals(0xa129ca6149be45e5L, SipHash.hash(k0, k1, message));
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
