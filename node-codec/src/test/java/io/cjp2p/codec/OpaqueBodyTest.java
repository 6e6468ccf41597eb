package io.cjp2p.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.cjp2p.codec.Wire.raw;
import static io.cjp2p.codec.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Cookie and round-trip bodies (PROTOCOL.md 3.7 and 10 items 1-2) are opaque: every shape is accepted
 * and echoed byte for byte.
 */
class OpaqueBodyTest {

    /** Every payload shape from PROTOCOL.md 3.7 / 10, plus token kinds whose offsets are easy to get wrong. */
    static Stream<String> bodies() {
        return Stream.of(
                // PROTOCOL.md 3.7 / 10
                "{\"cookie\":\"d9f2fe5c\"}",
                "{\"cookie\":\"8123.456789012\"}",
                "[\"cookie\",\"string\"]",
                "[\"abc\"]",
                "[\"any\",{\"valid\":\"JSON\"}]",
                "{\"token\":123}",
                "123",
                "{\"key\":123}",
                "\"d9f2fe5c\"",
                "{\"sent_at\":1.5}",
                // whitespace inside the value is part of the value
                "{ \"cookie\" : \"x\" }",
                "[ \"any\" ,\n\t{ \"valid\" : \"JSON\" } ]",
                "{\r\n\"cookie\":\"x\"\r\n}",
                // every scalar token kind
                "1e3",
                "-0.5",
                "0",
                "-0",
                "1E+3",
                "2.5e-10",
                "-12345678901234567890123456789",
                "1e999999",
                "true",
                "false",
                "\"\"",
                "\"with \\\"escapes\\\" \\\\ \\n \\u00e9 \\ud83d\\ude00\"",
                "\"héllo 日本 😀\"",
                "\"]}\"",
                // containers
                "{}",
                "[]",
                "{\"a\":{\"b\":[1,{\"c\":null,\"d\":[true,false,-1.0e-2]}],\"e\":\"f\"}}",
                "[[[[[[[[[[\"deep\"]]]]]]]]]]",
                "{\"cookie\":\"x\",\"extra\":[1,2,3],\"n\":null}",
                "[null]",
                "[1,\"abc\"]");
    }

    /** How the body is embedded in the datagram: compact, and with whitespace and neighbours around it. */
    static Stream<Arguments> bodiesInContext() {
        return bodies().flatMap(body -> Stream.of(
                Arguments.of(body, "[{\"%s\":" + "%s" + "}]"),
                Arguments.of(body, "[ { \"%s\" : %s } ]"),
                Arguments.of(body, "[{\"%s\":\n\t%s\r\n},{\"PleaseSendPeers\":{}}]"),
                Arguments.of(body, "[{\"PleaseSendPeers\":{}},{\"%s\":%s}]\n")));
    }

    private static void checkEcho(String body, String template, String requestType,
                                  Function<Message, RawJson> bodyOf, Function<RawJson, Message> reply,
                                  String replyType) {
        String json = String.format(template, requestType, body);
        Wire.Result r = Wire.decode(json);
        assertNull(r.drop(), json);
        assertEquals(List.of(), r.skips(), json);
        Message request = r.messages().stream().filter(m -> m.type().equals(requestType)).findFirst().orElseThrow();
        RawJson captured = bodyOf.apply(request);
        // the captured body is exactly the input substring
        assertArrayEquals(utf8(body), captured.toByteArray(), json);

        byte[] out = Wire.encode(List.of(reply.apply(captured)));
        byte[] expected = utf8("[{\"" + replyType + "\":" + body + "}]");
        assertArrayEquals(expected, out, () -> "echo of " + json + " was " + Wire.text(out));
        // the body bytes inside the output are the input substring
        byte[] input = utf8(json);
        int inAt = Wire.text(input).indexOf(body);
        int outAt = ("[{\"" + replyType + "\":").length();
        byte[] inBody = java.util.Arrays.copyOfRange(input, utf8(json.substring(0, inAt)).length,
                utf8(json.substring(0, inAt)).length + utf8(body).length);
        byte[] outBody = java.util.Arrays.copyOfRange(out, outAt, outAt + utf8(body).length);
        assertArrayEquals(inBody, outBody);
    }

    @ParameterizedTest
    @MethodSource("bodiesInContext")
    void alwaysReturnedEchoesTheCookieVerbatim(String body, String template) {
        checkEcho(body, template, PleaseAlwaysReturnThisMessage.TYPE,
                m -> ((PleaseAlwaysReturnThisMessage) m).body(), AlwaysReturned::new, AlwaysReturned.TYPE);
    }

    @ParameterizedTest
    @MethodSource("bodiesInContext")
    void returnedMessageEchoesTheRequestVerbatim(String body, String template) {
        checkEcho(body, template, PleaseReturnThisMessage.TYPE,
                m -> ((PleaseReturnThisMessage) m).body(), ReturnedMessage::new, ReturnedMessage.TYPE);
    }

    @ParameterizedTest
    @MethodSource("bodiesInContext")
    void incomingEchoesKeepTheirBodyVerbatim(String body, String template) {
        checkEcho(body, template, AlwaysReturned.TYPE,
                m -> ((AlwaysReturned) m).body(), AlwaysReturned::new, AlwaysReturned.TYPE);
        checkEcho(body, template, ReturnedMessage.TYPE,
                m -> ((ReturnedMessage) m).body(), ReturnedMessage::new, ReturnedMessage.TYPE);
    }

    @Test
    void severalCookiesInOneDatagramAreAllKept() {
        String json = "[{\"AlwaysReturned\":{\"cookie\":\"a\"}},{\"AlwaysReturned\":\"b\"},{\"AlwaysReturned\":[\"c\"]}]";
        assertEquals(List.of(new AlwaysReturned(raw("{\"cookie\":\"a\"}")), new AlwaysReturned(raw("\"b\"")),
                new AlwaysReturned(raw("[\"c\"]"))), Wire.decode(json).messages());
    }

    // ---------------------------------------------------------------- Cookies.extract

    static Stream<Arguments> cookieShapes() {
        return Stream.of(
                Arguments.of("{\"cookie\":\"d9f2fe5c\"}", "d9f2fe5c"),
                Arguments.of("{ \"cookie\" : \"x\" }", "x"),
                Arguments.of("{\"a\":1,\"nested\":{\"cookie\":\"no\"},\"cookie\":\"yes\"}", "yes"),
                Arguments.of("{\"cookie\":\"with \\\"escape\\\" \\u00e9\"}", "with \"escape\" \u00e9"),
                Arguments.of("\"d9f2fe5c\"", "d9f2fe5c"),
                Arguments.of("[\"abc\"]", "abc"),
                Arguments.of("[\"cookie\",\"string\"]", "cookie"),
                Arguments.of("[\"any\",{\"valid\":\"JSON\"}]", "any"),
                Arguments.of("[1,{\"x\":\"y\"},\"abc\",\"def\"]", "abc"),
                Arguments.of("{\"token\":123}", null),
                Arguments.of("123", null),
                Arguments.of("{\"key\":123}", null),
                Arguments.of("{\"sent_at\":1.5}", null),
                Arguments.of("{\"cookie\":123}", null),
                Arguments.of("{\"cookie\":null}", null),
                Arguments.of("{\"cookie\":[\"x\"]}", null),
                Arguments.of("{\"nested\":{\"cookie\":\"x\"}}", null),
                Arguments.of("{}", null),
                Arguments.of("[]", null),
                Arguments.of("[1,2]", null),
                Arguments.of("[[\"x\"]]", null),
                Arguments.of("true", null),
                Arguments.of("null", null),
                Arguments.of("1e999999", null),
                Arguments.of("", null),
                Arguments.of("{\"cookie\":", null));
    }

    @ParameterizedTest
    @MethodSource("cookieShapes")
    void extractFindsTheCookieInEveryAcceptedShape(String body, String cookie) {
        assertEquals(cookie, Cookies.extract(raw(body)));
    }

    @ParameterizedTest
    @MethodSource("cookieShapes")
    void extractWorksOnDecodedBodies(String body, String cookie) {
        if (body.isEmpty() || body.equals("null") || body.endsWith(":")) {
            return; // not a body the decoder can produce
        }
        Wire.Result r = Wire.decode("[{\"AlwaysReturned\":" + body + "}]");
        assertEquals(cookie, Cookies.extract(((AlwaysReturned) r.messages().get(0)).body()));
    }

    @Test
    void cookieBodyEscapesAndExtractsBack() {
        for (String cookie : List.of("", "d9f2fe5c", "8123.456789012", "a\"b\\c", "tab\tnl\ncr\r\u0001", "é😀")) {
            RawJson body = Cookies.body(cookie);
            assertEquals(cookie, Cookies.extract(body));
            // a datagram carrying it decodes to the same bytes
            Wire.Result r = Wire.decode(Wire.encode(List.of(new PleaseAlwaysReturnThisMessage(body))));
            assertNull(r.drop());
            assertEquals(List.of(new PleaseAlwaysReturnThisMessage(body)), r.messages());
        }
    }
}
