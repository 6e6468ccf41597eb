package io.cjp2p.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a cookie back out of a body of any shape, at a cost that does not grow with what came before. */
class CookiesTest {
    @Test
    void aHexBodyCarriesItsValueBothWays() {
        for (long v : new long[] {0, 1, -1, Long.MIN_VALUE, 0x0123456789abcdefL, 0xfedcba9876543210L}) {
            RawJson body = Cookies.hexBody(v);
            assertEquals(String.format("{\"cookie\":\"%016x\"}", v), body.toString());
            assertEquals(Cookies.HEX_BODY_LENGTH, body.length());
            assertTrue(Cookies.isHexBody(body));
            assertEquals(v, Cookies.hexBodyValue(body));
            assertEquals(body, Cookies.body(Cookies.extract(body)), "the String route gives the same bytes");
        }
    }

    @Test
    void onlyTheExactHexShapeIsAHexBody() {
        for (String s : new String[] {"{\"cookie\":\"0123456789ABCDEF\"}", "{\"cookie\":\"0123456789abcdeg\"}",
                "{\"cookie\":\"0123456789abcde\"}", "{\"cookie\":\"0123456789abcdef0\"}",
                "{\"cookiE\":\"0123456789abcdef\"}", "{\"cookie\":\"0123456789abcdef\" }", "\"0123456789abcdef\"",
                "{\"cookie\":\"0123456789abcdef'}", "{\"cookie\":\"0123456789abcdef\"]"}) {
            assertEquals(false, Cookies.isHexBody(RawJson.of(s)), s);
        }
    }

    @Test
    void everyShapeSeenInTheWild() {
        assertEquals("c1", Cookies.extract(Cookies.body("c1")));
        assertEquals("c2", Cookies.extract(RawJson.of("\"c2\"")));
        assertEquals("c3", Cookies.extract(RawJson.of("[1,{\"x\":2},\"c3\",\"c4\"]")));
        assertEquals("c5", Cookies.extract(RawJson.of("{\"other\":{\"cookie\":\"no\"},\"cookie\":\"c5\"}")));
        assertNull(Cookies.extract(RawJson.of("{\"cookie\":5}")));
        assertNull(Cookies.extract(RawJson.of("{\"other\":\"c6\"}")));
    }

    /**
     * Bodies full of names nobody sent before, thousands of them, each extraction counted with the
     * thread's allocation counter. With Jackson's shared field-name table every new name was merged
     * into it and every body copied it: over 200 KB per body. The bound is loose; what matters is
     * that it does not depend on how many names came before.
     */
    @Test
    void namesNobodySentBeforeCostOnlyTheirOwnBytes() {
        long spent = 0;
        int measured = 0;
        for (int i = 0; i < 8_000; i++) {
            RawJson body = RawJson.of("{\"k" + i + "\":1,\"n" + i + "\":{\"m" + i + "\":[]},\"cookie\":\"c" + i + "\"}");
            long before = Wire.allocatedBytes();
            String cookie = Cookies.extract(body);
            if (i >= 6_000) {
                spent += Wire.allocatedBytes() - before;
                measured++;
            }
            assertEquals("c" + i, cookie);
        }
        assertTrue(spent / measured < 8_000, spent / measured + " B per body");
    }
}
