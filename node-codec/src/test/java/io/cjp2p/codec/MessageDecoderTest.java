package io.cjp2p.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static io.cjp2p.codec.Wire.addr;
import static io.cjp2p.codec.Wire.raw;
import static io.cjp2p.codec.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Golden vectors (decode and re-encode byte-exact) and the leniency rules of PROTOCOL.md section 1.3. */
class MessageDecoderTest {

    // ---------------------------------------------------------------- golden vectors

    static Stream<Arguments> goldenVectors() {
        return Stream.of(
                // PROTOCOL.md 1.2
                Arguments.of("[{\"PleaseSendPeers\":{}},{\"AlwaysReturned\":{\"cookie\":\"d9f2fe5c\"}}]",
                        List.of(PleaseSendPeers.INSTANCE, new AlwaysReturned(raw("{\"cookie\":\"d9f2fe5c\"}")))),
                // PROTOCOL.md 5.1
                Arguments.of("[{\"PleaseSendPeers\":{}}]", List.of(PleaseSendPeers.INSTANCE)),
                // PROTOCOL.md 5.2
                Arguments.of("[{\"Peers\":{\"peers\":[\"203.0.113.54:24254\",\"[2001:db8::5]:24254\"]}}]",
                        List.of(new Peers(List.of(addr("203.0.113.54", 24254), addr("2001:db8::5", 24254))))),
                Arguments.of("[{\"Peers\":{\"peers\":[]}}]", List.of(new Peers(List.of()))),
                Arguments.of("[{\"Peers\":{\"peers\":[\"0.0.0.0:1\",\"255.255.255.255:65535\",\"[::1]:24254\",\"[::]:1\"]}}]",
                        List.of(new Peers(List.of(addr("0.0.0.0", 1), addr("255.255.255.255", 65535),
                                addr("::1", 24254), addr("::", 1))))),
                // PROTOCOL.md 5.3 / 5.4
                Arguments.of("[{\"PleaseReturnThisMessage\":{\"cookie\":\"8123.456789012\"}}]",
                        List.of(new PleaseReturnThisMessage(raw("{\"cookie\":\"8123.456789012\"}")))),
                Arguments.of("[{\"ReturnedMessage\":{\"cookie\":\"8123.456789012\"}}]",
                        List.of(new ReturnedMessage(raw("{\"cookie\":\"8123.456789012\"}")))),
                // PROTOCOL.md 5.5 / 5.6
                Arguments.of("[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"d9f2fe5c\"}}]",
                        List.of(new PleaseAlwaysReturnThisMessage(raw("{\"cookie\":\"d9f2fe5c\"}")))),
                Arguments.of("[{\"AlwaysReturned\":{\"cookie\":\"d9f2fe5c\"}}]",
                        List.of(new AlwaysReturned(raw("{\"cookie\":\"d9f2fe5c\"}")))),
                // empty batch
                Arguments.of("[]", List.of()),
                // a typical Rust probe: cookie, echo request, peer request, peers
                Arguments.of("[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"d9f2fe5c\"}},"
                                + "{\"PleaseReturnThisMessage\":{\"cookie\":\"8123.456789012\"}},"
                                + "{\"PleaseSendPeers\":{}},"
                                + "{\"Peers\":{\"peers\":[\"203.0.113.7:24254\"]}},"
                                + "{\"AlwaysReturned\":{\"cookie\":\"0a1b2c3d\"}},"
                                + "{\"ReturnedMessage\":{\"cookie\":\"1.5\"}}]",
                        List.of(new PleaseAlwaysReturnThisMessage(raw("{\"cookie\":\"d9f2fe5c\"}")),
                                new PleaseReturnThisMessage(raw("{\"cookie\":\"8123.456789012\"}")),
                                PleaseSendPeers.INSTANCE,
                                new Peers(List.of(addr("203.0.113.7", 24254))),
                                new AlwaysReturned(raw("{\"cookie\":\"0a1b2c3d\"}")),
                                new ReturnedMessage(raw("{\"cookie\":\"1.5\"}")))),
                // a message this codec does not model is kept verbatim
                Arguments.of("[{\"GetLatest\":{\"ed25519\":\"3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29\",\"name\":\"index.html\"}},"
                                + "{\"PleaseSendPeers\":{}}]",
                        List.of(new OtherMessage("GetLatest",
                                        raw("{\"GetLatest\":{\"ed25519\":\"3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29\",\"name\":\"index.html\"}}")),
                                PleaseSendPeers.INSTANCE)));
    }

    @ParameterizedTest
    @MethodSource("goldenVectors")
    void goldenDecode(String json, List<Message> expected) {
        Wire.Result r = Wire.decode(json);
        assertNull(r.drop());
        assertEquals(expected, r.messages());
        assertEquals(List.of(), r.skips());
        assertEquals(expected, Wire.DECODER.decode(utf8(json)));
    }

    @ParameterizedTest
    @MethodSource("goldenVectors")
    void goldenEncode(String json, List<Message> messages) {
        assertEquals(json, Wire.text(Wire.encode(messages)));
        assertEquals(utf8(json).length, MessageEncoder.datagramLength(messages));
    }

    @Test
    void scopedLinkLocalPeerRoundTrips() {
        String json = "[{\"Peers\":{\"peers\":[\"[fe80::1%2]:24254\"]}}]";
        List<Message> messages = Wire.decode(json).messages();
        Peers peers = assertInstanceOf(Peers.class, messages.get(0));
        assertEquals(2, ((java.net.Inet6Address) peers.peers().get(0).getAddress()).getScopeId());
        assertEquals(json, Wire.text(Wire.encode(messages)));
    }

    @Test
    void cookieBodyHelperProducesTheGoldenShape() {
        assertEquals(raw("{\"cookie\":\"d9f2fe5c\"}"), Cookies.body("d9f2fe5c"));
        assertEquals("[{\"PleaseSendPeers\":{}},{\"AlwaysReturned\":{\"cookie\":\"d9f2fe5c\"}}]",
                Wire.text(Wire.encode(List.of(PleaseSendPeers.INSTANCE, new AlwaysReturned(Cookies.body("d9f2fe5c"))))));
    }

    @Test
    void nonCanonicalInputIsReencodedCanonically() {
        // whitespace between tokens, a non-compact IPv6 literal and an IPv4-mapped address
        String json = " [ { \"PleaseSendPeers\" : { } } ,\n {\"Peers\":{\"peers\":[\"[2001:0DB8:0:0:0:0:0:1]:24254\",\"[::ffff:1.2.3.4]:9\"]}} ]\n";
        List<Message> messages = Wire.decode(json).messages();
        assertEquals("[{\"PleaseSendPeers\":{}},{\"Peers\":{\"peers\":[\"[2001:db8::1]:24254\",\"1.2.3.4:9\"]}}]",
                Wire.text(Wire.encode(messages)));
    }

    // ---------------------------------------------------------------- leniency (PROTOCOL.md 1.3)

    static Stream<Arguments> skippedElements() {
        return Stream.of(
                Arguments.of("\"hello\"", SkipReason.NOT_AN_OBJECT),
                Arguments.of("123", SkipReason.NOT_AN_OBJECT),
                Arguments.of("null", SkipReason.NOT_AN_OBJECT),
                Arguments.of("true", SkipReason.NOT_AN_OBJECT),
                Arguments.of("[{\"PleaseSendPeers\":{}}]", SkipReason.NOT_AN_OBJECT),
                Arguments.of("{}", SkipReason.NOT_ONE_KEY),
                Arguments.of("{\"PleaseSendPeers\":{},\"AlwaysReturned\":{\"cookie\":\"x\"}}", SkipReason.NOT_ONE_KEY),
                Arguments.of("{\"Foo\":1,\"Bar\":{\"x\":[1,2]}}", SkipReason.NOT_ONE_KEY),
                Arguments.of("{\"Peers\":{\"peers\":[\"1.2.3.4:5\"]},\"Peers\":{\"peers\":[]}}", SkipReason.NOT_ONE_KEY),
                Arguments.of("{\"PleaseSendPeers\":null}", SkipReason.BAD_BODY),
                Arguments.of("{\"PleaseSendPeers\":1}", SkipReason.BAD_BODY),
                Arguments.of("{\"PleaseSendPeers\":\"x\"}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":{}}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":{\"other\":[\"1.2.3.4:5\"]}}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":{\"peers\":null}}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":{\"peers\":5}}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":{\"peers\":\"1.2.3.4:5\"}}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":{\"peers\":{\"a\":\"1.2.3.4:5\"}}}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":{\"peers\":[\"1.2.3.4:5\"],\"peers\":[\"1.2.3.4:6\"]}}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":null}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":[]}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":[[\"1.2.3.4:5\"],1]}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":[\"1.2.3.4:5\"]}", SkipReason.BAD_BODY),
                Arguments.of("{\"Peers\":\"1.2.3.4:5\"}", SkipReason.BAD_BODY),
                Arguments.of("{\"PleaseReturnThisMessage\":null}", SkipReason.BAD_BODY),
                Arguments.of("{\"ReturnedMessage\":null}", SkipReason.BAD_BODY),
                Arguments.of("{\"PleaseAlwaysReturnThisMessage\":null}", SkipReason.BAD_BODY),
                Arguments.of("{\"AlwaysReturned\":null}", SkipReason.BAD_BODY));
    }

    @ParameterizedTest
    @MethodSource("skippedElements")
    void badElementIsSkippedAndTheRestKept(String element, SkipReason reason) {
        String json = "[{\"PleaseSendPeers\":{}}," + element + ",{\"AlwaysReturned\":{\"cookie\":\"d9f2fe5c\"}}]";
        Wire.Result r = Wire.decode(json);
        assertNull(r.drop());
        assertEquals(List.of(PleaseSendPeers.INSTANCE, new AlwaysReturned(raw("{\"cookie\":\"d9f2fe5c\"}"))), r.messages());
        assertEquals(List.of(reason), r.skips());
    }

    @Test
    void severalBadElementsAreEachReported() {
        Wire.Result r = Wire.decode("[1,null,true,[],{},\"x\",{\"PleaseSendPeers\":{}}]");
        assertNull(r.drop());
        assertEquals(List.of(PleaseSendPeers.INSTANCE), r.messages());
        assertEquals(List.of(SkipReason.NOT_AN_OBJECT, SkipReason.NOT_AN_OBJECT, SkipReason.NOT_AN_OBJECT,
                SkipReason.NOT_AN_OBJECT, SkipReason.NOT_ONE_KEY, SkipReason.NOT_AN_OBJECT), r.skips());
    }

    @Test
    void peersWithOneBadAddressKeepsTheGoodOnes() {
        Wire.Result r = Wire.decode("[{\"Peers\":{\"peers\":[\"1.2.3.4:5\",\"example.com:1\",\"[2001:db8::1]:24254\"]}}]");
        assertNull(r.drop());
        assertEquals(List.of(new Peers(List.of(addr("1.2.3.4", 5), addr("2001:db8::1", 24254)))), r.messages());
        assertEquals(List.of(SkipReason.BAD_PEER_ADDRESS), r.skips());
    }

    @Test
    void peersWithNonStringEntriesKeepsTheGoodOnes() {
        Wire.Result r = Wire.decode("[{\"Peers\":{\"peers\":[1,\"1.2.3.4:5\",null,[\"6.7.8.9:10\"],{\"a\":1},\"1.2.3.4:0\",\"6.7.8.9:10\"]}}]");
        assertNull(r.drop());
        assertEquals(List.of(new Peers(List.of(addr("1.2.3.4", 5), addr("6.7.8.9", 10)))), r.messages());
        assertEquals(List.of(SkipReason.BAD_PEER_ADDRESS, SkipReason.BAD_PEER_ADDRESS, SkipReason.BAD_PEER_ADDRESS,
                SkipReason.BAD_PEER_ADDRESS, SkipReason.BAD_PEER_ADDRESS), r.skips());
    }

    @Test
    void peersWithOnlyBadAddressesIsAnEmptyPeers() {
        Wire.Result r = Wire.decode("[{\"Peers\":{\"peers\":[\"nope\"]}}]");
        assertNull(r.drop());
        assertEquals(List.of(new Peers(List.of())), r.messages());
        assertEquals(List.of(SkipReason.BAD_PEER_ADDRESS), r.skips());
    }

    @Test
    void hugePeersListIsCappedNotDropped() {
        StringBuilder sb = new StringBuilder("[{\"Peers\":{\"peers\":[");
        for (int i = 0; i < 1000; i++) {
            sb.append(i > 0 ? "," : "").append("\"10.0.").append(i / 250).append('.').append(i % 250).append(":1\"");
        }
        sb.append("]}},{\"PleaseSendPeers\":{}}]");
        Wire.Result r = Wire.decode(sb.toString());
        assertNull(r.drop());
        Peers peers = assertInstanceOf(Peers.class, r.messages().get(0));
        assertEquals(MessageDecoder.MAX_PEERS_KEPT, peers.peers().size());
        assertEquals(addr("10.0.0.0", 1), peers.peers().get(0));
        assertEquals(PleaseSendPeers.INSTANCE, r.messages().get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{\"PleaseSendPeers\":[]}]",
            "[{\"PleaseSendPeers\":{}}]",
            "[{\"PleaseSendPeers\":{\"unknown\":1,\"also\":{\"deep\":[1,2,3]}}}]",
            "[{\"PleaseSendPeers\":[1,2]}]",
            "[ {\"PleaseSendPeers\" : { } } ]"})
    void pleaseSendPeersBodies(String json) {
        Wire.Result r = Wire.decode(json);
        assertNull(r.drop());
        assertEquals(List.of(PleaseSendPeers.INSTANCE), r.messages());
        assertEquals(List.of(), r.skips());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{\"Peers\":[[\"1.2.3.4:5\",\"[2001:db8::1]:24254\"]]}]",
            "[{\"Peers\":{\"peers\":[\"1.2.3.4:5\",\"[2001:db8::1]:24254\"]}}]",
            "[{\"Peers\":{\"extra\":1,\"peers\":[\"1.2.3.4:5\",\"[2001:db8::1]:24254\"],\"more\":{\"a\":[{}]},\"n\":null}}]",
            "[{\"Peers\":{\"peers\":[\"1.2.3.4:5\",\"[2001:db8::1]:24254\"],\"signature\":\"AAAA\"}}]",
            "[ { \"Peers\" : [ [ \"1.2.3.4:5\" , \"[2001:db8::1]:24254\" ] ] } ]"})
    void peersBodyShapesAndUnknownFields(String json) {
        Wire.Result r = Wire.decode(json);
        assertNull(r.drop());
        assertEquals(List.of(new Peers(List.of(addr("1.2.3.4", 5), addr("2001:db8::1", 24254)))), r.messages());
        assertEquals(List.of(), r.skips());
    }

    static Stream<Arguments> unknownMessages() {
        return Stream.of(
                Arguments.of("GroupChatMessage", "{\"GroupChatMessage\":{\"text\":\"hi\",\"x\":[1,2]}}"),
                Arguments.of("GroupChatMessage", "{ \"GroupChatMessage\" : { \"text\" : \"h\\u00e9 \\\"quoted\\\"\" , \"x\" : [ 1 , 2 ] } }"),
                Arguments.of("Latest", "{\"Latest\":{\"id\":\"abc\",\"offset\":0,\"eof\":null,\"base64\":\"AAEC\"}}"),
                Arguments.of("PleaseListSupportedMessages", "{\"PleaseListSupportedMessages\":{}}"),
                Arguments.of("Foo", "{\"Foo\":1}"),
                Arguments.of("Foo", "{\"Foo\":-1.5e3}"),
                Arguments.of("Foo", "{\"Foo\":\"bar\"}"),
                Arguments.of("Foo", "{\"Foo\":null}"),
                Arguments.of("Foo", "{\"Foo\":[]}"),
                Arguments.of("Foo", "{\"Foo\":true}"),
                Arguments.of("Grüße", "{\"Grüße\":{\"ünïcødé\":\"日本語 😀\"}}"),
                Arguments.of("peers", "{\"peers\":[\"1.2.3.4:5\"]}"),
                Arguments.of("pleasesendpeers", "{\"pleasesendpeers\":{}}"));
    }

    @ParameterizedTest
    @MethodSource("unknownMessages")
    void unknownMessageKeepsTheExactElementText(String type, String element) {
        for (String json : List.of("[" + element + "]", "[ " + element + " ,\n{\"PleaseSendPeers\":{}} ]",
                "[{\"PleaseSendPeers\":{}}," + element + "]")) {
            Wire.Result r = Wire.decode(json);
            assertNull(r.drop(), json);
            OtherMessage other = (OtherMessage) r.messages().stream()
                    .filter(m -> m instanceof OtherMessage).findFirst().orElseThrow();
            assertEquals(type, other.type());
            assertArrayEquals(utf8(element), other.element().toByteArray(), json);
            assertEquals(List.of(), r.skips());
        }
        // and it is written back verbatim
        assertEquals("[" + element + "]", Wire.text(Wire.encode(List.of(new OtherMessage(type, raw(element))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", " []", "[ ]", "[]\n", "[]\r\n", "\t[\n]\t \r\n", "  [  ]  "})
    void emptyBatchGivesZeroMessages(String json) {
        Wire.Result r = Wire.decode(json);
        assertNull(r.drop());
        assertEquals(List.of(), r.messages());
        assertEquals(List.of(), r.skips());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", " ", "\t", "   \n\n  "})
    void trailingWhitespaceIsAccepted(String tail) {
        Wire.Result r = Wire.decode("[{\"PleaseSendPeers\":{}}]" + tail);
        assertNull(r.drop());
        assertEquals(List.of(PleaseSendPeers.INSTANCE), r.messages());
    }

    @Test
    void decodeAppendsToExistingOutput() {
        List<Message> out = new java.util.ArrayList<>(List.of(new OtherMessage("X", raw("{\"X\":0}"))));
        byte[] data = utf8("[{\"PleaseSendPeers\":{}}]");
        assertNull(Wire.DECODER.decode(data, data.length, out, DecodeObserver.IGNORE));
        assertEquals(List.of(new OtherMessage("X", raw("{\"X\":0}")), PleaseSendPeers.INSTANCE), out);
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] data = utf8("[{\"PleaseSendPeers\":{}}]garbage after the datagram");
        List<Message> out = new java.util.ArrayList<>();
        assertNull(Wire.DECODER.decode(data, 24, out, DecodeObserver.IGNORE));
        assertEquals(List.of(PleaseSendPeers.INSTANCE), out);
    }

    @Test
    void convenienceDecodeThrowsOnDrop() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Wire.DECODER.decode(utf8("{\"PleaseSendPeers\":{}}")));
        assertEquals("datagram dropped: not_array", e.getMessage());
    }
}
