package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Properties of the codec: what we encode decodes to the same messages, and no input at all makes
 * an exception escape the decoder (it returns a drop reason instead).
 */
class CodecPropertiesTest {
    private final MessageDecoder decoder = new MessageDecoder();

    @Property(tries = 500)
    void decodeOfEncodeIsIdentity(@ForAll("messageLists") List<Message> messages) {
        byte[] wire = encode(messages);
        assertEquals(MessageEncoder.datagramLength(messages), wire.length, "datagramLength is exact");
        assertEquals(messages, decoder.decode(wire));
    }

    @Property(tries = 1000)
    void noByteStringMakesAnExceptionEscape(@ForAll byte[] data) {
        decodeAndReencode(data);
    }

    @Property(tries = 1000)
    void noJsonLikeTextMakesAnExceptionEscape(@ForAll("jsonish") String text) {
        decodeAndReencode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Decoding never throws, and whatever it accepts re-encodes into something that decodes the same. */
    private void decodeAndReencode(byte[] data) {
        List<Message> out = new ArrayList<>();
        DropReason reason = decoder.decode(data, data.length, out, DecodeObserver.IGNORE);
        if (reason == null) {
            assertEquals(out, decoder.decode(encode(out)));
        } else {
            assertEquals(0, out.size(), "a dropped datagram yields no messages");
        }
    }

    private static byte[] encode(List<Message> messages) {
        ByteBuf buf = Unpooled.buffer();
        MessageEncoder.encode(messages, buf);
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        return b;
    }

    @Provide
    Arbitrary<List<Message>> messageLists() {
        return message().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> token = Arbitraries.of("[", "]", "{", "}", ",", ":", "\"", "\\", "1", "-0", "1e999",
                "123456789012345678901234567890", "true", "null", "\"PleaseSendPeers\"", "\"Peers\"", "\"peers\"",
                "\"PleaseReturnThisMessage\"", "\"ReturnedMessage\"", "\"AlwaysReturned\"",
                "\"PleaseAlwaysReturnThisMessage\"", "\"cookie\"", "\"1.2.3.4:5\"", "\"[::1]:7\"", "\"[fe80::1%9]:1\"",
                "\"1.2.3.4:0\"", "\"\\u0000\"", "\"\\ud800\"", "\uFEFF", " ", "\u00e9", "\"x\"", "{}", "[]");
        return token.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    private Arbitrary<Message> message() {
        // A null body is a missing one: the decoder skips such an element, as Rust does.
        Arbitrary<RawJson> body = json(3).filter(j -> !j.equals("null")).map(RawJson::of);
        return Arbitraries.oneOf(
                Arbitraries.just(PleaseSendPeers.INSTANCE),
                address().list().ofMaxSize(50).map(Peers::new),
                body.map(PleaseReturnThisMessage::new),
                body.map(ReturnedMessage::new),
                body.map(PleaseAlwaysReturnThisMessage::new),
                body.map(AlwaysReturned::new),
                Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12), json(2))
                        .as((name, b) -> {
                            String type = "X" + name;
                            return new OtherMessage(type, RawJson.of("{\"" + type + "\":" + b + "}"));
                        }));
    }

    /** Compact JSON values (as the decoder keeps them), nested up to {@code depth}. */
    private static Arbitrary<String> json(int depth) {
        Arbitrary<String> string = Arbitraries.strings().withChars("abcXYZ09 _-\u00e9\u4e2d\ud83d\ude00")
                .ofMaxLength(16).map(s -> "\"" + s + "\"")
                .injectDuplicates(0.1);
        Arbitrary<String> escaped = Arbitraries.of("\"a\\\"b\"", "\"\\\\\"", "\"\\n\\t\"", "\"\\u00e9\"");
        Arbitrary<String> number = Arbitraries.of("0", "-1", "42", "3.5", "1e10", "18446744073709551615");
        Arbitrary<String> literal = Arbitraries.of("true", "false", "null");
        Arbitrary<String> leaf = Arbitraries.oneOf(string, escaped, number, literal);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> inner = json(depth - 1);
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(6), inner)
                .as((k, v) -> "\"" + k + "\":" + v).list().ofMaxSize(4)
                .map(l -> "{" + String.join(",", l) + "}");
        return Arbitraries.oneOf(leaf, array, object);
    }

    private static Arbitrary<InetSocketAddress> address() {
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
        Arbitrary<InetAddress> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4).map(CodecPropertiesTest::ip);
        Arbitrary<InetAddress> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> {
            b[0] = (byte) (0x20 | (b[0] & 0x1f)); // global unicast: never v4-mapped, no scope
            return ip(b);
        });
        return Combinators.combine(Arbitraries.oneOf(v4, v6), port).as(InetSocketAddress::new);
    }

    private static InetAddress ip(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
