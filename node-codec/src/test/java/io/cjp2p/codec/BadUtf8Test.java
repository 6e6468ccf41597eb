package io.cjp2p.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.cjp2p.codec.Wire.addr;
import static io.cjp2p.codec.Wire.concat;
import static io.cjp2p.codec.Wire.raw;
import static io.cjp2p.codec.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes that are not UTF-8 inside an element skip that element ({@code bad_utf8}) and keep the rest
 * of the datagram; outside every string they make it malformed JSON, dropped as before. Well-formed
 * UTF-8 of every length is kept and echoed byte for byte.
 */
class BadUtf8Test {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Every kind of ill-formed UTF-8; the first group Jackson decodes without complaint, the rest it rejects. */
    static final Map<String, byte[]> ILL_FORMED = new LinkedHashMap<>();

    static {
        ILL_FORMED.put("overlong C0 AF", bytes(0xC0, 0xAF));
        ILL_FORMED.put("overlong C1 BF", bytes(0xC1, 0xBF));
        ILL_FORMED.put("overlong NUL C0 80", bytes(0xC0, 0x80));
        ILL_FORMED.put("overlong E0 80 AF", bytes(0xE0, 0x80, 0xAF));
        ILL_FORMED.put("overlong E0 9F BF", bytes(0xE0, 0x9F, 0xBF));
        ILL_FORMED.put("overlong F0 80 80 AF", bytes(0xF0, 0x80, 0x80, 0xAF));
        ILL_FORMED.put("overlong F0 8F BF BF", bytes(0xF0, 0x8F, 0xBF, 0xBF));
        ILL_FORMED.put("surrogate ED A0 80", bytes(0xED, 0xA0, 0x80));
        ILL_FORMED.put("surrogate ED BF BF", bytes(0xED, 0xBF, 0xBF));
        ILL_FORMED.put("surrogate pair (CESU-8)", bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80));
        ILL_FORMED.put("above U+10FFFF F4 90 80 80", bytes(0xF4, 0x90, 0x80, 0x80));
        ILL_FORMED.put("F5 80 80 80", bytes(0xF5, 0x80, 0x80, 0x80));
        ILL_FORMED.put("F7 BF BF BF", bytes(0xF7, 0xBF, 0xBF, 0xBF));
        ILL_FORMED.put("stray 80", bytes(0x80));
        ILL_FORMED.put("stray BF", bytes(0xBF));
        ILL_FORMED.put("two stray 80 80", bytes(0x80, 0x80));
        ILL_FORMED.put("truncated C3", bytes(0xC3));
        ILL_FORMED.put("truncated E6 97", bytes(0xE6, 0x97));
        ILL_FORMED.put("truncated F0 9F 98", bytes(0xF0, 0x9F, 0x98));
        ILL_FORMED.put("bad middle byte C3 28", bytes(0xC3, 0x28));
        ILL_FORMED.put("five-byte form F8 88 80 80 80", bytes(0xF8, 0x88, 0x80, 0x80, 0x80));
        ILL_FORMED.put("FC", bytes(0xFC));
        ILL_FORMED.put("FE", bytes(0xFE));
        ILL_FORMED.put("FF", bytes(0xFF));
    }

    /**
     * Elements, with {@code %s} where the bytes under test go, that are kept as they came when those
     * bytes are well-formed: names, plain strings, cookie and echo bodies of every shape.
     */
    static final List<String> KEPT_PLACES = List.of(
            // in a name: the type, a nested field, a cookie object's key
            "{\"Chat%s\":{}}",
            "{\"Chat\":{\"a\":{\"%s\":[]}}}",
            "{\"PleaseAlwaysReturnThisMessage\":{\"cookie%s\":\"x\"}}",
            // in a plain string value
            "{\"Chat\":\"a%sb\"}",
            "{\"Chat\":{\"text\":\"%s\"}}",
            // in a cookie body of every shape: object, array, string
            "{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"d9%s\"}}",
            "{\"PleaseAlwaysReturnThisMessage\":[\"cookie\",\"%s\"]}",
            "{\"PleaseAlwaysReturnThisMessage\":\"%s\"}",
            "{\"AlwaysReturned\":{\"cookie\":\"%s\"}}",
            "{\"AlwaysReturned\":[\"%s\"]}",
            "{\"AlwaysReturned\":\"x%s\"}",
            // in an echo request's body, and in an echo
            "{\"PleaseReturnThisMessage\":{\"cookie\":\"%s\"}}",
            "{\"PleaseReturnThisMessage\":[1,{\"k\":\"%s\"}]}",
            "{\"PleaseReturnThisMessage\":\"%s\"}",
            "{\"ReturnedMessage\":{\"n\":\"%s\"}}");

    /** All the places: the kept ones, and names or strings the decoder reads but does not keep. */
    static final List<String> PLACES = Stream.concat(KEPT_PLACES.stream(), Stream.of(
            "{\"PleaseSendPeers\":{\"x%s\":1}}",
            "{\"PleaseSendPeers\":{\"x\":\"%s\"}}",
            "{\"Peers\":{\"peers\":[\"1.2.3.4:5\",\"%s\"]}}",
            "{\"Peers\":{\"peers\":[\"1.2.3.4:5\"],\"note\":\"%s\"}}",
            // in an entry of the array that is not an object
            "\"%s\"",
            "[\"%s\"]")).toList();

    private static final String PSP = "{\"PleaseSendPeers\":{}}";
    private static final String COOKIE = "{\"AlwaysReturned\":{\"cookie\":\"d9f2fe5c\"}}";
    private static final Message COOKIE_MESSAGE = new AlwaysReturned(raw("{\"cookie\":\"d9f2fe5c\"}"));

    /** {@code template} with {@code inserted} in place of its {@code %s}. */
    static byte[] fill(String template, byte[] inserted) {
        int at = template.indexOf("%s");
        return concat(utf8(template.substring(0, at)), inserted, utf8(template.substring(at + 2)));
    }

    /** Every ill-formed shape in every one of {@code places}: the place, the shape's name, its bytes. */
    private static Stream<Arguments> everyShapeIn(List<String> places) {
        return places.stream().flatMap(place -> ILL_FORMED.entrySet().stream()
                .map(e -> Arguments.of(place, e.getKey(), e.getValue())));
    }

    static Stream<Arguments> illFormedInEveryPlace() {
        return everyShapeIn(PLACES);
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("illFormedInEveryPlace")
    void illFormedInAnElementSkipsItAndKeepsTheRest(String place, String shape, byte[] illFormed) {
        byte[] element = fill(place, illFormed);
        Wire.Result middle = Wire.decode(concat(utf8("[" + PSP + ","), element, utf8("," + COOKIE + "]")));
        assertNull(middle.drop());
        assertEquals(List.of(PleaseSendPeers.INSTANCE, COOKIE_MESSAGE), middle.messages());
        assertEquals(List.of(SkipReason.BAD_UTF8), middle.skips());

        Wire.Result alone = Wire.decode(concat(utf8("[ "), element, utf8(" ]")));
        assertNull(alone.drop());
        assertEquals(List.of(), alone.messages());
        assertEquals(List.of(SkipReason.BAD_UTF8), alone.skips());

        Wire.Result twice = Wire.decode(concat(utf8("["), element, utf8(","), element, utf8("," + PSP + "]")));
        assertNull(twice.drop());
        assertEquals(List.of(PleaseSendPeers.INSTANCE), twice.messages());
        assertEquals(List.of(SkipReason.BAD_UTF8, SkipReason.BAD_UTF8), twice.skips());
    }

    /** The cases HostileInputTest dropped as not_json before bad_utf8 existed, now skips of one element. */
    static Stream<Arguments> formerlyDroppedDatagrams() {
        byte[] c328 = bytes(0xC3, 0x28);
        return Stream.of(
                Arguments.of("bad UTF-8 in cookie",
                        concat(utf8("[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\""), c328, utf8("\"}}]")),
                        List.of()),
                Arguments.of("bad UTF-8 in string body",
                        concat(utf8("[{\"AlwaysReturned\":\""), c328, utf8("\"}]")),
                        List.of()),
                Arguments.of("bad UTF-8 in unknown message",
                        concat(utf8("[{\"GroupChatMessage\":{\"text\":\""), c328, utf8("\"}},{\"PleaseSendPeers\":{}}]")),
                        List.of(PleaseSendPeers.INSTANCE)),
                Arguments.of("bad UTF-8 in unknown type name",
                        concat(utf8("[{\"Chat"), c328, utf8("\":{}}]")),
                        List.of()),
                Arguments.of("bad UTF-8 in unknown field name",
                        concat(utf8("[{\"PleaseSendPeers\":{\"x"), c328, utf8("\":1}}]")),
                        List.of()),
                Arguments.of("bad UTF-8 in peer address",
                        concat(utf8("[{\"Peers\":{\"peers\":[\""), c328, utf8("\"]}}]")),
                        List.of()),
                Arguments.of("bad UTF-8 in skipped element",
                        concat(utf8("[\""), c328, utf8("\"]")),
                        List.of()),
                Arguments.of("lone continuation byte",
                        concat(utf8("[{\"AlwaysReturned\":\""), bytes(0x80), utf8("\"}]")),
                        List.of()),
                Arguments.of("0xFF byte in unknown message",
                        concat(utf8("[{\"Chat\":\""), bytes(0xFF), utf8("\"}]")),
                        List.of()),
                Arguments.of("truncated 3-byte sequence",
                        concat(utf8("[{\"Chat\":\""), bytes(0xE6, 0x97), utf8("\"}]")),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formerlyDroppedDatagrams")
    void formerlyDroppedDatagramsNowLoseOneElement(String name, byte[] data, List<Message> kept) {
        Wire.Result r = Wire.decode(data);
        assertNull(r.drop(), name);
        assertEquals(kept, r.messages(), name);
        assertEquals(List.of(SkipReason.BAD_UTF8), r.skips(), name);
    }

    /** Places outside every string, with {@code %s} where the bytes go: JSON that is malformed whatever the bytes. */
    static final List<String> OUTSIDE_STRINGS = List.of(
            "%s[]",
            "[%s]",
            "[%s" + PSP + "]",
            "[" + PSP + "%s]",
            "[" + PSP + ",%s" + COOKIE + "]",
            "[" + PSP + "%s," + COOKIE + "]",
            "[" + PSP + "]%s",
            "[" + PSP + "] %s",
            "[{\"Chat\":%s}]",
            "[{\"Chat\"%s:{}}]",
            "[{%s\"Chat\":{}}]",
            "[{\"Chat\":[1,%s]}," + PSP + "]",
            "[{\"AlwaysReturned\":{\"cookie\":%s}}]");

    static Stream<Arguments> illFormedOutsideStrings() {
        return everyShapeIn(OUTSIDE_STRINGS);
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("illFormedOutsideStrings")
    void illFormedOutsideEveryStringDropsTheDatagram(String place, String shape, byte[] illFormed) {
        byte[] data = fill(place, illFormed);
        Message sentinel = new OtherMessage("Sentinel", raw("{\"Sentinel\":{}}"));
        List<Message> out = new ArrayList<>(List.of(sentinel));
        assertEquals(DropReason.NOT_JSON, Wire.DECODER.decode(data, data.length, out, reason -> { }));
        assertEquals(List.of(sentinel), out);
    }

    @Test
    void aRepairedDatagramBreakingALimitIsDroppedWhole() {
        byte[] bad = bytes(0xED, 0xA0, 0x80);
        Message sentinel = new OtherMessage("Sentinel", raw("{\"Sentinel\":{}}"));
        MessageDecoder small = new MessageDecoder(new DecoderLimits(1200, 8, 3, 64));
        byte[][] dropped = {
            concat(utf8("[" + PSP + ",{\"Chat\":\""), bad, utf8("\"}," + PSP + "," + PSP + "]")),
            concat(utf8("[" + PSP + ",{\"Chat\":\""), bad, utf8("\"},[[[[[[[[]]]]]]]]]")),
            concat(utf8("[" + PSP + ",{\"Chat\":\""), bad, utf8("\"}")),
        };
        DropReason[] reasons = {DropReason.TOO_MANY_MESSAGES, DropReason.TOO_DEEP, DropReason.NOT_JSON};
        for (int i = 0; i < dropped.length; i++) {
            List<Message> out = new ArrayList<>(List.of(sentinel));
            assertEquals(reasons[i], small.decode(dropped[i], dropped[i].length, out, reason -> { }));
            assertEquals(List.of(sentinel), out);
        }
    }

    @Test
    void aSkippedElementReportsBadUtf8OnlyAndTheOthersKeepTheirReports() {
        byte[] data = concat(
                utf8("[{\"Peers\":{\"peers\":[\"nope\",\"1.2.3.4:5\"]}},{\"Peers\":{\"peers\":[\"nope\",\""),
                bytes(0xF4, 0x90, 0x80, 0x80),
                utf8("\",7]},\"x\":1},{\"Peers\":{\"peers\":\"1.2.3.4:5\"}},{},7]"));
        Wire.Result r = Wire.decode(data);
        assertNull(r.drop());
        assertEquals(List.of(new Peers(List.of(addr("1.2.3.4", 5)))), r.messages());
        assertEquals(List.of(SkipReason.BAD_PEER_ADDRESS, SkipReason.BAD_UTF8, SkipReason.BAD_BODY,
                SkipReason.NOT_ONE_KEY, SkipReason.NOT_AN_OBJECT), r.skips());
    }

    @Test
    void theDatagramItselfIsLeftAsItCame() {
        byte[] data = concat(utf8("[" + PSP + ",{\"Chat\":\""), bytes(0xC0, 0xAF, 0xFF), utf8("\"}]"));
        byte[] copy = data.clone();
        assertEquals(List.of(PleaseSendPeers.INSTANCE), Wire.decode(data).messages());
        assertArrayEquals(copy, data);
    }

    /** The repair buffer is the thread's own and reused: a datagram decodes the same whatever came before it. */
    @Test
    void repairedAndWellFormedDatagramsDecodeAsWithAFreshDecoder() {
        MessageDecoder reused = new MessageDecoder();
        List<byte[]> datagrams = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : ILL_FORMED.entrySet()) {
            datagrams.add(concat(utf8("[" + COOKIE + ",{\"PleaseReturnThisMessage\":\""), e.getValue(),
                    utf8("\"},{\"PleaseReturnThisMessage\":\"" + "long ".repeat(40) + "\"}]")));
            datagrams.add(utf8("[{\"PleaseReturnThisMessage\":\"h\u00e9\"}]"));
            datagrams.add(concat(utf8("[{\"Chat\":\"abc"), e.getValue()));
            datagrams.add(utf8("[" + PSP + "]"));
        }
        for (byte[] d : datagrams) {
            Wire.Result fresh = Wire.decode(new MessageDecoder(), d);
            Wire.Result again = Wire.decode(reused, d);
            assertEquals(fresh, again);
        }
    }

    // ---------------------------------------------------------------- well-formed UTF-8 is kept

    /** Every length of sequence, the edges of each, and escapes (ASCII on the wire). */
    static Stream<String> wellFormedText() {
        return Stream.of(
                "\u0080", "\u00e9", "\u07ff",                                   // two bytes
                "\u0800", "\u65e5\u672c", "\ud7ff", "\ue000", "\ufffd", "\uffff", // three bytes
                new String(Character.toChars(0x10000)), "\ud83d\ude00",          // four bytes
                new String(Character.toChars(0x10FFFF)),
                "h\u00e9llo \u65e5\u672c \ud83d\ude00 \uffff",
                "\\ud83d\\ude00", "\\u00e9", "\\uffff");
    }

    static Stream<Arguments> wellFormedInEveryPlace() {
        return KEPT_PLACES.stream().flatMap(place -> wellFormedText().map(text -> Arguments.of(place, text)));
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("wellFormedInEveryPlace")
    void wellFormedUtf8IsKeptAndEchoedExactly(String place, String text) {
        byte[] element = fill(place, utf8(text));
        byte[] data = concat(utf8("[" + PSP + ","), element, utf8("]"));
        Wire.Result r = Wire.decode(data);
        assertNull(r.drop());
        assertEquals(List.of(), r.skips());
        assertEquals(2, r.messages().size());
        // re-encoding gives back the datagram, byte for byte
        assertArrayEquals(data, Wire.encode(r.messages()));
        Message m = r.messages().get(1);
        Message echo = m instanceof PleaseReturnThisMessage p ? new ReturnedMessage(p.body())
                : m instanceof PleaseAlwaysReturnThisMessage p ? new AlwaysReturned(p.body()) : null;
        if (echo != null) {
            byte[] body = Wire.rawOf(m).toByteArray();
            byte[] expected = concat(utf8("[{\"" + echo.type() + "\":"), body, utf8("}]"));
            assertArrayEquals(expected, Wire.encode(List.of(echo)));
            int at = place.indexOf(':') + 1;
            assertArrayEquals(Arrays.copyOfRange(element, at, element.length - 1), body);
        }
        assertTrue(Wire.isWellFormedUtf8(data));
    }
}
