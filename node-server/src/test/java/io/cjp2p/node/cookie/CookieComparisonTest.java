package io.cjp2p.node.cookie;

import io.cjp2p.codec.Cookies;
import io.cjp2p.codec.RawJson;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check of a presented cookie gives the answer plain equality would, whichever digit is wrong. */
class CookieComparisonTest {
    private static final String HEX_DIGITS = "0123456789abcdef";
    private final Random random = new Random(7);

    private static RawJson body(String cookie) {
        return Cookies.body(cookie);
    }

    @Test
    void everyDigitCountsWhereverItIs() throws Exception {
        CookieValidator v = new CookieValidator(new SecureRandom());
        for (int round = 0; round < 500; round++) {
            InetAddress ip = InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, (byte) round});
            String digits = v.cookieFor(ip);
            assertEquals(CookieValidator.Result.CURRENT, v.check(ip, body(digits)), digits);
            for (int i = 0; i < 16; i++) {
                char other = HEX_DIGITS.charAt((HEX_DIGITS.indexOf(digits.charAt(i)) + 1 + random.nextInt(15)) % 16);
                String wrong = digits.substring(0, i) + other + digits.substring(i + 1);
                assertEquals(CookieValidator.Result.INVALID, v.check(ip, body(wrong)), wrong + " for " + digits);
            }
            String upper = digits.toUpperCase(java.util.Locale.ROOT);
            assertEquals(upper.equals(digits) ? CookieValidator.Result.CURRENT : CookieValidator.Result.INVALID,
                    v.check(ip, body(upper)), upper);
        }
    }

    /** Equal, unequal and other-length cookies, through {@link CookieValidator#check}: only equality is accepted. */
    @Test
    void checkAcceptsExactlyTheEqualCookie() throws Exception {
        CookieValidator v = new CookieValidator(new SecureRandom());
        InetAddress ip = InetAddress.getByName("203.0.113.9");
        String ours = v.cookieFor(ip);
        String[] presented = {
            ours,
            ours.substring(1),
            ours.substring(0, 15),
            ours + "0",
            "0" + ours,
            ours + ours,
            "",
            ours.substring(0, 15) + (ours.charAt(15) == 'f' ? 'e' : 'f'),
            (ours.charAt(0) == '0' ? '1' : '0') + ours.substring(1),
        };
        for (String p : presented) {
            CookieValidator.Result expected = p.equals(ours) ? CookieValidator.Result.CURRENT : CookieValidator.Result.INVALID;
            assertEquals(expected, v.check(ip, body(p)), p + " against " + ours);
            assertEquals(expected, v.check(ip, RawJson.of("\"" + p + "\"")), "bare " + p);
        }
    }

    /** Checking our own shape stays free of allocation: it runs on every datagram a forger sends. */
    @Test
    void checkingTheCanonicalShapeAllocatesNothing() throws Exception {
        CookieValidator v = new CookieValidator(new SecureRandom());
        InetAddress ip = InetAddress.getByName("198.51.100.20");
        RawJson good = v.cookieBodyFor(ip);
        RawJson bad = body(String.format("%016x", random.nextLong()));
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            accepted += v.check(ip, good) == CookieValidator.Result.CURRENT ? 1 : 0;
            accepted += v.check(ip, bad) == CookieValidator.Result.CURRENT ? 1 : 0;
        }
        long before = allocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            accepted += v.check(ip, good) == CookieValidator.Result.CURRENT ? 1 : 0;
            accepted += v.check(ip, bad) == CookieValidator.Result.CURRENT ? 1 : 0;
        }
        long spent = allocatedBytes() - before;
        assertEquals(40_000, accepted);
        assertTrue(spent < 40_000, spent + " B for 40 000 checks");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }
}
