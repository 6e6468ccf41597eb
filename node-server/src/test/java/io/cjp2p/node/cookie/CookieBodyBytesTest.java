package io.cjp2p.node.cookie;

import io.cjp2p.codec.Cookies;
import io.cjp2p.codec.RawJson;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The byte-built cookie body is exactly what the String route produced, and verifies. */
class CookieBodyBytesTest {
    @Test
    void theBodyIsTheCanonicalCookieObject() throws Exception {
        CookieValidator v = new CookieValidator(new SecureRandom());
        for (String ip : new String[] {"127.0.0.1", "203.0.113.7", "2001:db8::7", "::ffff:198.51.100.3"}) {
            InetAddress a = InetAddress.getByName(ip);
            RawJson body = v.cookieBodyFor(a);
            assertEquals(Cookies.body(v.cookieFor(a)), body, ip);
            assertEquals(CookieValidator.Result.CURRENT, v.check(a, body), ip);
            v.rotate();
            assertEquals(CookieValidator.Result.PREVIOUS, v.check(a, body), "after a rotation " + ip);
        }
    }
}
