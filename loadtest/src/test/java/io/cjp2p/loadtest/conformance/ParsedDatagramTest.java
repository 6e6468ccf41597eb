package io.cjp2p.loadtest.conformance;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParsedDatagramTest {
    private static ParsedDatagram parse(String s) {
        return ParsedDatagram.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bodiesKeepTheirExactBytesWhateverTheirShape() {
        ParsedDatagram d = parse("[{\"AlwaysReturned\":{\"cookie\":\"a\"}},{\"AlwaysReturned\":\"s\\u0041\"},"
                + "{\"AlwaysReturned\":4254},{\"AlwaysReturned\":[\"cookie\", 1.50]},{\"AlwaysReturned\":true}, "
                + "{\"PleaseSendPeers\":{ }} ]");
        assertTrue(d.wellFormed());
        assertEquals(6, d.elements().size());
        assertArrayEquals(utf8("{\"cookie\":\"a\"}"), d.elements().get(0).body());
        assertArrayEquals(utf8("\"s\\u0041\""), d.elements().get(1).body(), "escapes are not decoded");
        assertArrayEquals(utf8("4254"), d.elements().get(2).body());
        assertArrayEquals(utf8("[\"cookie\", 1.50]"), d.elements().get(3).body(), "inner spacing kept");
        assertArrayEquals(utf8("true"), d.elements().get(4).body());
        assertArrayEquals(utf8("{ }"), d.elements().get(5).body());
        assertTrue(d.hasBody("AlwaysReturned", utf8("4254")));
        assertFalse(d.hasBody("AlwaysReturned", utf8("425")));
        assertEquals("PleaseSendPeers", d.all("PleaseSendPeers").get(0).name());
    }

    @Test
    void aReplyMustBeOneJsonArrayOfSingleKeyObjects() {
        assertTrue(parse("[]").wellFormed());
        ParsedDatagram object = parse("{\"Peers\":{}}");
        assertTrue(object.json());
        assertFalse(object.array());
        ParsedDatagram numbers = parse("[1,2,3]");
        assertTrue(numbers.array());
        assertFalse(numbers.onlySingleKeyObjects());
        ParsedDatagram twoKeys = parse("[{\"A\":1,\"B\":2},{\"C\":3}]");
        assertFalse(twoKeys.onlySingleKeyObjects());
        assertEquals(1, twoKeys.elements().size(), "the well-formed element is still read");
        assertEquals("C", twoKeys.elements().get(0).name());
        assertFalse(parse("[{}]").onlySingleKeyObjects());
        assertFalse(parse("[{\"A\":1}] trailing").json());
        assertFalse(parse("[{\"A\":1}").json());
        assertFalse(parse("").json());
        assertFalse(parse("\ufeff[]").json(), "a byte-order mark is not CJP2P");
        assertFalse(ParsedDatagram.parse(new byte[] {'[', 0, ']', 0}).json(), "nor is UTF-16");
    }

    @Test
    void invalidUtf8InAStringIsNotJson() {
        byte[] lone = {'[', '{', '"', 'A', '"', ':', '"', (byte) 0x80, '"', '}', ']'};
        assertFalse(ParsedDatagram.parse(lone).json(), "a continuation byte without a lead byte");
        byte[] never = {'[', '{', '"', 'A', '"', ':', '"', 'x', (byte) 0xff, '"', '}', ']'};
        assertFalse(ParsedDatagram.parse(never).json(), "a byte UTF-8 never uses");
    }

    @Test
    void everyHostileDatagramIsReadWithoutThrowing() {
        for (HostileDatagram h : HostileDatagram.values()) {
            ParsedDatagram d = ParsedDatagram.parse(h.bytes());
            assertEquals(h.bytes().length, d.size(), h.label);
            assertFalse(d.wellFormed() && !d.elements().isEmpty() && h != HostileDatagram.UNKNOWN_1024, h.label);
        }
        assertEquals(HostileDatagram.UNKNOWN_MESSAGES, ParsedDatagram.parse(HostileDatagram.UNKNOWN_1024.bytes())
                .elements().size());
        assertEquals(2 * HostileDatagram.NESTING, HostileDatagram.DEEP_NESTING.bytes().length);
    }

    @Test
    void cookieShapesAreTheFourOfTheProtocolAndValidJson() {
        for (CookieShape shape : CookieShape.values()) {
            byte[] body = shape.body("0000abcd");
            ParsedDatagram d = ParsedDatagram.parse(Wire.datagram(Wire.element("AlwaysReturned", body)));
            assertTrue(d.hasBody("AlwaysReturned", body), shape.label);
        }
        assertEquals("43981", new String(CookieShape.NUMBER.body("0000abcd"), StandardCharsets.UTF_8));
        assertEquals("[\"cookie\",\"kit-0000abcd-array\"]",
                new String(CookieShape.ARRAY.body("0000abcd"), StandardCharsets.UTF_8));
    }
}
