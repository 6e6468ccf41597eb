package io.cjp2p.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.cjp2p.codec.Wire.concat;
import static io.cjp2p.codec.Wire.raw;
import static io.cjp2p.codec.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Inputs that must drop the whole datagram (with the right reason) or at least never throw. */
class HostileInputTest {
    private static final byte[] BAD_UTF8 = {(byte) 0xC3, (byte) 0x28};

    private static String nested(String open, String close, int depth, String inner) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    private static String elements(String element, int count) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            sb.append(i > 0 ? "," : "").append(element);
        }
        return sb.append(']').toString();
    }

    /** A valid datagram of exactly {@code size} bytes: one unknown message padded with a string. */
    private static byte[] datagramOfSize(int size) {
        String head = "[{\"Padding\":\"";
        String tail = "\"}]";
        return utf8(head + "a".repeat(size - head.length() - tail.length()) + tail);
    }

    static Stream<Arguments> droppedDatagrams() {
        return Stream.of(
                // not JSON
                Arguments.of("empty", new byte[0], DropReason.NOT_JSON),
                Arguments.of("whitespace only", utf8(" \n\t"), DropReason.NOT_JSON),
                Arguments.of("text", utf8("hello"), DropReason.NOT_JSON),
                Arguments.of("single quotes", utf8("[{'PleaseSendPeers':{}}]"), DropReason.NOT_JSON),
                Arguments.of("unquoted key", utf8("[{PleaseSendPeers:{}}]"), DropReason.NOT_JSON),
                Arguments.of("trailing comma in array", utf8("[{\"PleaseSendPeers\":{}},]"), DropReason.NOT_JSON),
                Arguments.of("trailing comma in object", utf8("[{\"PleaseSendPeers\":{},}]"), DropReason.NOT_JSON),
                Arguments.of("comment", utf8("[/* hi */{\"PleaseSendPeers\":{}}]"), DropReason.NOT_JSON),
                Arguments.of("NaN", utf8("[{\"AlwaysReturned\":NaN}]"), DropReason.NOT_JSON),
                Arguments.of("leading zero", utf8("[{\"AlwaysReturned\":0123}]"), DropReason.NOT_JSON),
                Arguments.of("raw control char in string", utf8("[{\"AlwaysReturned\":\"a\tb\"}]"), DropReason.NOT_JSON),
                Arguments.of("bad escape", utf8("[{\"AlwaysReturned\":\"\\x41\"}]"), DropReason.NOT_JSON),
                Arguments.of("bad escape in unknown message", utf8("[{\"Chat\":\"\\q\"}]"), DropReason.NOT_JSON),
                // not an array
                Arguments.of("bare object", utf8("{\"PleaseSendPeers\":{}}"), DropReason.NOT_ARRAY),
                Arguments.of("bare string", utf8("\"PleaseSendPeers\""), DropReason.NOT_ARRAY),
                Arguments.of("bare number", utf8("123"), DropReason.NOT_ARRAY),
                Arguments.of("bare null", utf8("null"), DropReason.NOT_ARRAY),
                Arguments.of("bare true", utf8("true"), DropReason.NOT_ARRAY),
                // truncated
                Arguments.of("truncated array", utf8("[{\"PleaseSendPeers\":{}}"), DropReason.NOT_JSON),
                Arguments.of("truncated after comma", utf8("[{\"PleaseSendPeers\":{}},"), DropReason.NOT_JSON),
                Arguments.of("truncated element", utf8("[{\"PleaseSendPeers\":{}},{\"Always"), DropReason.NOT_JSON),
                Arguments.of("truncated cookie", utf8("[{\"AlwaysReturned\":{\"cookie\":\"d9f2"), DropReason.NOT_JSON),
                Arguments.of("truncated peers", utf8("[{\"Peers\":{\"peers\":[\"1.2.3.4:5\""), DropReason.NOT_JSON),
                Arguments.of("truncated unknown", utf8("[{\"Chat\":{\"text\":[1,2"), DropReason.NOT_JSON),
                Arguments.of("truncated number", utf8("[{\"AlwaysReturned\":12"), DropReason.NOT_JSON),
                Arguments.of("lone bracket", utf8("["), DropReason.NOT_JSON),
                // invalid UTF-8 outside every string (inside one only its element is skipped: BadUtf8Test)
                Arguments.of("bad UTF-8 outside strings", concat(utf8("["), BAD_UTF8, utf8("]")), DropReason.NOT_JSON),
                // trailing garbage
                Arguments.of("trailing text", utf8("[]x"), DropReason.NOT_JSON),
                Arguments.of("second array", utf8("[{\"PleaseSendPeers\":{}}][]"), DropReason.NOT_JSON),
                Arguments.of("second array after space", utf8("[] []"), DropReason.NOT_JSON),
                Arguments.of("trailing comma", utf8("[{\"PleaseSendPeers\":{}}],"), DropReason.NOT_JSON),
                Arguments.of("trailing bracket", utf8("[{\"PleaseSendPeers\":{}}]]"), DropReason.NOT_JSON),
                Arguments.of("trailing NUL", concat(utf8("[{\"PleaseSendPeers\":{}}]"), new byte[1]), DropReason.NOT_JSON),
                Arguments.of("trailing number", utf8("[] 1"), DropReason.NOT_JSON),
                // depth: the limit is 64 levels, the top-level array included
                Arguments.of("65 nested arrays", utf8(nested("[", "]", 65, "")), DropReason.TOO_DEEP),
                Arguments.of("1000 nested arrays", utf8(nested("[", "]", 1000, "")), DropReason.TOO_DEEP),
                Arguments.of("65 deep in unknown message", utf8("[{\"Chat\":" + nested("[", "]", 63, "") + "}]"), DropReason.TOO_DEEP),
                Arguments.of("65 deep objects in unknown message", utf8("[{\"Chat\":" + nested("{\"a\":", "}", 63, "1") + "}]"), DropReason.TOO_DEEP),
                Arguments.of("65 deep in cookie", utf8("[{\"PleaseAlwaysReturnThisMessage\":" + nested("[", "]", 63, "1") + "}]"), DropReason.TOO_DEEP),
                Arguments.of("65 deep in PleaseSendPeers", utf8("[{\"PleaseSendPeers\":" + nested("[", "]", 63, "") + "}]"), DropReason.TOO_DEEP),
                Arguments.of("65 deep in skipped element", utf8("[" + nested("[", "]", 64, "") + "]"), DropReason.TOO_DEEP),
                Arguments.of("unbalanced deep", utf8("[".repeat(60_000)), DropReason.TOO_DEEP),
                // element count
                Arguments.of("1025 messages", utf8(elements("{\"PleaseSendPeers\":{}}", 1025)), DropReason.TOO_MANY_MESSAGES),
                Arguments.of("1025 skipped elements", utf8(elements("1", 1025)), DropReason.TOO_MANY_MESSAGES),
                Arguments.of("5000 empty objects", utf8(elements("{}", 5000)), DropReason.TOO_MANY_MESSAGES),
                // size
                Arguments.of("65 508 bytes", datagramOfSize(65_508), DropReason.TOO_LARGE),
                Arguments.of("100 000 bytes", datagramOfSize(100_000), DropReason.TOO_LARGE),
                // huge numbers
                Arguments.of("2000-digit cookie", utf8("[{\"PleaseAlwaysReturnThisMessage\":" + "9".repeat(2000) + "}]"), DropReason.TOKEN_TOO_LONG),
                Arguments.of("2000-digit number in cookie object", utf8("[{\"PleaseReturnThisMessage\":{\"cookie\":" + "1".repeat(2000) + "}}]"), DropReason.TOKEN_TOO_LONG),
                Arguments.of("2000-digit fraction", utf8("[{\"AlwaysReturned\":0." + "1".repeat(2000) + "}]"), DropReason.TOKEN_TOO_LONG),
                Arguments.of("2000-digit number in unknown message", utf8("[{\"Chat\":[" + "1".repeat(2000) + "]}]"), DropReason.TOKEN_TOO_LONG),
                Arguments.of("2000-digit element", utf8("[" + "1".repeat(2000) + "]"), DropReason.TOKEN_TOO_LONG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("droppedDatagrams")
    void droppedWithReason(String name, byte[] data, DropReason reason) {
        assertEquals(reason, Wire.decode(data).drop(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("droppedDatagrams")
    void dropLeavesTheOutputListUnchanged(String name, byte[] data, DropReason reason) {
        Message sentinel = new OtherMessage("Sentinel", raw("{\"Sentinel\":{}}"));
        List<Message> out = new ArrayList<>(List.of(sentinel));
        List<SkipReason> skips = new ArrayList<>();
        assertEquals(reason, Wire.DECODER.decode(data, data.length, out, skips::add), name);
        assertEquals(List.of(sentinel), out, name);
    }

    @Test
    void dropAfterGoodMessagesLeavesTheOutputListUnchanged() {
        String good = "[{\"PleaseSendPeers\":{}},{\"AlwaysReturned\":{\"cookie\":\"x\"}},{\"Peers\":{\"peers\":[\"1.2.3.4:5\"]}}";
        for (String tail : List.of("]x", ",", ",{\"Chat\":" + nested("[", "]", 70, "") + "}]", ",1e" + "1".repeat(1500) + "]")) {
            List<Message> out = new ArrayList<>();
            byte[] data = utf8(good + tail);
            DropReason reason = Wire.DECODER.decode(data, data.length, out, DecodeObserver.IGNORE);
            assertTrue(reason != null, tail);
            assertEquals(List.of(), out, tail);
        }
        List<Message> out = new ArrayList<>();
        byte[] data = utf8(elements("{\"PleaseSendPeers\":{}}", 1500));
        assertEquals(DropReason.TOO_MANY_MESSAGES, Wire.DECODER.decode(data, data.length, out, DecodeObserver.IGNORE));
        assertEquals(List.of(), out);
    }

    // ---------------------------------------------------------------- accepted edge cases

    @Test
    void sixtyDeepInsideAnUnknownMessageIsAcceptedVerbatim() {
        String element = "{\"Chat\":" + nested("[", "]", 60, "\"x\"") + "}";
        Wire.Result r = Wire.decode("[" + element + ",{\"PleaseSendPeers\":{}}]");
        assertNull(r.drop());
        assertEquals(List.of(new OtherMessage("Chat", raw(element)), PleaseSendPeers.INSTANCE), r.messages());
    }

    @Test
    void exactlySixtyFourDeepIsAccepted() {
        Wire.Result r = Wire.decode(nested("[", "]", 64, ""));
        assertNull(r.drop());
        assertEquals(List.of(SkipReason.NOT_AN_OBJECT), r.skips());
        String body = nested("[", "]", 62, "1");
        r = Wire.decode("[{\"PleaseAlwaysReturnThisMessage\":" + body + "}]");
        assertNull(r.drop());
        assertEquals(List.of(new PleaseAlwaysReturnThisMessage(raw(body))), r.messages());
    }

    @Test
    void exactly1024MessagesAreAccepted() {
        Wire.Result r = Wire.decode(elements("{\"PleaseSendPeers\":{}}", 1024));
        assertNull(r.drop());
        assertEquals(1024, r.messages().size());
    }

    @Test
    void exactlyTheUdpMaximumIsAccepted() {
        byte[] data = datagramOfSize(DecoderLimits.UDP_MAX_PAYLOAD);
        assertEquals(65_507, data.length);
        Wire.Result r = Wire.decode(data);
        assertNull(r.drop());
        assertEquals(1, r.messages().size());
        assertArrayEquals(data, Wire.encode(r.messages()));
    }

    @Test
    void configuredLimitsAreEnforced() {
        MessageDecoder small = new MessageDecoder(new DecoderLimits(1200, 8, 4, 64));
        assertNull(Wire.decode(small, datagramOfSize(1200)).drop());
        assertEquals(DropReason.TOO_LARGE, Wire.decode(small, datagramOfSize(1201)).drop());
        assertNull(Wire.decode(small, utf8(nested("[", "]", 8, ""))).drop());
        assertEquals(DropReason.TOO_DEEP, Wire.decode(small, utf8(nested("[", "]", 9, ""))).drop());
        assertNull(Wire.decode(small, utf8(elements("{}", 4))).drop());
        assertEquals(DropReason.TOO_MANY_MESSAGES, Wire.decode(small, utf8(elements("{}", 5))).drop());
        assertNull(Wire.decode(small, utf8("[{\"AlwaysReturned\":" + "1".repeat(64) + "}]")).drop());
        assertEquals(DropReason.TOKEN_TOO_LONG, Wire.decode(small, utf8("[{\"AlwaysReturned\":" + "1".repeat(65) + "}]")).drop());
    }

    @Test
    void stringLengthLimitCatchesStringsWellOverIt() {
        // Jackson checks string lengths per text-buffer segment and only for strings it decodes (opaque
        // string bodies, peer addresses), so the string limit is approximate; skipped strings are
        // bounded by the datagram size only.
        MessageDecoder decoder = new MessageDecoder(new DecoderLimits(DecoderLimits.UDP_MAX_PAYLOAD, 8, 4, 64));
        assertEquals(DropReason.TOKEN_TOO_LONG,
                Wire.decode(decoder, utf8("[{\"AlwaysReturned\":\"" + "a".repeat(5000) + "\"}]")).drop());
        assertEquals(DropReason.TOKEN_TOO_LONG,
                Wire.decode(decoder, utf8("[{\"Peers\":{\"peers\":[\"" + "1".repeat(100) + "\"]}}]")).drop());
        assertNull(Wire.decode(decoder, utf8("[{\"AlwaysReturned\":\"" + "a".repeat(64) + "\"}]")).drop());
    }

    @Test
    void hugeExponentIsOpaque() {
        for (String body : List.of("1e999999", "-1E-999999", "{\"cookie\":1e999999}", "[1e999999,\"x\"]",
                "9".repeat(900), "0." + "1".repeat(900))) {
            String json = "[{\"PleaseAlwaysReturnThisMessage\":" + body + "}]";
            Wire.Result r = Wire.decode(json);
            assertNull(r.drop(), body);
            assertEquals(List.of(new PleaseAlwaysReturnThisMessage(raw(body))), r.messages());
            assertEquals("[{\"AlwaysReturned\":" + body + "}]",
                    Wire.text(Wire.encode(List.of(new AlwaysReturned(raw(body))))));
        }
    }

    @Test
    void wrongTypesSkipTheElementOnly() {
        for (String element : List.of("{\"Peers\":{\"peers\":5}}", "{\"Peers\":{\"peers\":\"1.2.3.4:5\"}}",
                "{\"Peers\":{\"peers\":true}}", "{\"Peers\":5}", "{\"PleaseSendPeers\":5}")) {
            Wire.Result r = Wire.decode("[" + element + ",{\"PleaseSendPeers\":{}}]");
            assertNull(r.drop(), element);
            assertEquals(List.of(PleaseSendPeers.INSTANCE), r.messages(), element);
            assertEquals(List.of(SkipReason.BAD_BODY), r.skips(), element);
        }
    }

    @Test
    void validMultiByteUtf8IsAccepted() {
        String element = "{\"Chat\":\"h\u00e9 \u65e5\u672c \ud83d\ude00\"}";
        Wire.Result r = Wire.decode("[" + element + "]");
        assertNull(r.drop());
        assertArrayEquals(utf8(element), ((OtherMessage) r.messages().get(0)).element().toByteArray());
    }

    // ---------------------------------------------------------------- encodings other than UTF-8

    @Test
    void byteOrderMarkIsDropped() {
        // PROTOCOL.md 1.3: serde_json rejects a UTF-8 BOM, so the whole datagram is dropped.
        byte[] data = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                utf8("[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"d9f2fe5c\"}}]"));
        assertEquals(DropReason.NOT_JSON, Wire.decode(data).drop());
        assertEquals(DropReason.NOT_JSON, Wire.decode(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("[]"))).drop());
    }

    @Test
    void utf16AndUtf32AreDropped() {
        // The payload is UTF-8 JSON (PROTOCOL.md 1.2); other encodings are not JSON datagrams.
        String json = "[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"d9f2fe5c\"}},{\"PleaseSendPeers\":{}}]";
        for (String charset : List.of("UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE")) {
            for (String text : List.of(json, "[{\"PleaseSendPeers\":{}}]", "[]", "[{\"Chat\":{}}]")) {
                byte[] data = text.getBytes(java.nio.charset.Charset.forName(charset));
                assertEquals(DropReason.NOT_JSON, Wire.decode(data).drop(), charset + " " + text);
            }
        }
    }

    // ---------------------------------------------------------------- fuzz

    private static final List<byte[]> SEEDS = List.of(
            utf8("[{\"PleaseSendPeers\":{}},{\"AlwaysReturned\":{\"cookie\":\"d9f2fe5c\"}}]"),
            utf8("[{\"Peers\":{\"peers\":[\"203.0.113.54:24254\",\"[2001:db8::5]:24254\",\"[fe80::1%2]:1\"]}}]"),
            utf8("[{\"PleaseReturnThisMessage\":{\"cookie\":\"8123.456789012\"}},{\"ReturnedMessage\":[\"any\",{\"valid\":\"JSON\"}]}]"),
            utf8("[{\"PleaseAlwaysReturnThisMessage\":{ \"cookie\" : \"x\" }},{\"Chat\":{\"t\":\"h\u00e9\",\"n\":[1e3,-0.5,true,null]}}]"),
            utf8("[{\"Peers\":[[\"1.2.3.4:5\"]]},{\"PleaseSendPeers\":[]},\"x\",{},123]"));

    private static final byte[] ALPHABET = utf8("[]{}\":,\\ \n0123456789.eE+-truefalsnlPeersAlwaysReturned:%ff\u00e9");

    private static byte[] mutate(Random rnd, byte[] seed) {
        byte[] b = seed.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (rnd.nextInt(6)) {
                case 0 -> { // flip a random byte
                    if (b.length > 0) {
                        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    }
                }
                case 1 -> { // replace with a structural byte
                    if (b.length > 0) {
                        b[rnd.nextInt(b.length)] = ALPHABET[rnd.nextInt(ALPHABET.length)];
                    }
                }
                case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length + 1)); // truncate
                case 3 -> { // delete a range
                    if (b.length > 1) {
                        int from = rnd.nextInt(b.length);
                        int to = Math.min(b.length, from + 1 + rnd.nextInt(8));
                        b = concat(Arrays.copyOf(b, from), Arrays.copyOfRange(b, to, b.length));
                    }
                }
                case 4 -> { // duplicate a range somewhere
                    if (b.length > 1) {
                        int from = rnd.nextInt(b.length);
                        int to = Math.min(b.length, from + 1 + rnd.nextInt(16));
                        int at = rnd.nextInt(b.length + 1);
                        b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, from, to), Arrays.copyOfRange(b, at, b.length));
                    }
                }
                default -> { // splice in another seed
                    byte[] other = SEEDS.get(rnd.nextInt(SEEDS.size()));
                    int at = rnd.nextInt(b.length + 1);
                    b = concat(Arrays.copyOf(b, at), other, Arrays.copyOfRange(b, at, b.length));
                }
            }
        }
        return b;
    }

    private static byte[] randomInput(Random rnd, int i) {
        switch (i % 3) {
            case 0: {
                byte[] b = new byte[rnd.nextInt(200)];
                rnd.nextBytes(b);
                if (b.length > 0 && rnd.nextBoolean()) {
                    b[0] = '[';
                }
                return b;
            }
            case 1: {
                byte[] b = new byte[rnd.nextInt(300)];
                for (int k = 0; k < b.length; k++) {
                    b[k] = ALPHABET[rnd.nextInt(ALPHABET.length)];
                }
                if (b.length > 0) {
                    b[0] = '[';
                }
                return b;
            }
            default:
                return mutate(rnd, SEEDS.get(rnd.nextInt(SEEDS.size())));
        }
    }

    @Test
    void randomAndMutatedInputsNeverThrow() {
        Random rnd = new Random(0xC0DEC);
        int accepted = 0;
        for (int i = 0; i < 6000; i++) {
            byte[] data = randomInput(rnd, i);
            List<Message> out = new ArrayList<>();
            DropReason reason;
            try {
                reason = Wire.DECODER.decode(data, data.length, out, r -> { });
            } catch (Throwable t) {
                fail("decode threw on input #" + i + ": " + Arrays.toString(data), t);
                return;
            }
            if (reason != null) {
                assertEquals(List.of(), out, "input #" + i);
                continue;
            }
            accepted++;
            // whatever was accepted re-encodes to a datagram that decodes to the same messages
            byte[] again = Wire.encode(out);
            assertEquals(again.length, MessageEncoder.datagramLength(out), "input #" + i);
            Wire.Result r = Wire.decode(again);
            assertNull(r.drop(), () -> "re-encoding of " + new String(data, StandardCharsets.UTF_8));
            assertEquals(out, r.messages(), () -> "re-encoding of " + new String(data, StandardCharsets.UTF_8));
        }
        assertTrue(accepted > 100, "the fuzz corpus should also exercise the accept path, accepted " + accepted);
    }
}
