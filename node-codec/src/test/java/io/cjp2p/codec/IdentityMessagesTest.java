package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static io.cjp2p.codec.Wire.addr;
import static io.cjp2p.codec.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The identity messages (PROTOCOL.md 5.7-5.11, 5.21, 5.22): Rust's byte layout on output, serde's
 * leniency on input, and a bad body skipped as {@link SkipReason#BAD_BODY}.
 */
class IdentityMessagesTest {
    static final String KEY1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String KEY2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    /** PROTOCOL.md 5.8: key 1's signature of {@code [{"AlwaysReturned":{"cookie":"d9f2fe5c"}}]}. */
    static final String SIGNATURE = "jhikOqb5yn+Pm46CxAm0LvCE1w4NN/Hf5GN+LKLVNU5aKW205NZEAzTuaElbAZAZR0rySCZkx5QcypryJfUVCQ==";
    static final String PAYLOAD = "[{\"AlwaysReturned\":{\"cookie\":\"d9f2fe5c\"}}]";

    private static Ed25519PublicKey key(String hex) {
        return Ed25519PublicKey.parse(hex);
    }

    private static ByteString b64(String text) {
        return ByteString.parseBase64(text);
    }

    /** Rust's exact output, and the record it stands for. */
    static Stream<Arguments> goldenElements() {
        return Stream.of(
                Arguments.of("{\"MyPublicKey\":{\"ed25519h\":\"" + KEY1 + "\"}}", new MyPublicKey(key(KEY1))),
                Arguments.of("{\"MyPublicKey\":{\"ed25519h\":\"" + KEY1 + "\",\"ed25519_eth_signed\":\"0xab\"}}",
                        new MyPublicKey(key(KEY1), "0xab")),
                // PROTOCOL.md 5.8, as Rust writes it: payload_json, no payload
                Arguments.of("{\"SignedMessage\":{\"ed25519\":\"" + KEY1 + "\",\"signature\":\"" + SIGNATURE
                                + "\",\"payload_json\":\"[{\\\"AlwaysReturned\\\":{\\\"cookie\\\":\\\"d9f2fe5c\\\"}}]\"}}",
                        SignedMessage.ofJson(key(KEY1), b64(SIGNATURE), PAYLOAD)),
                // the legacy form
                Arguments.of("{\"SignedMessage\":{\"ed25519\":\"" + KEY1 + "\",\"signature\":\"" + SIGNATURE
                                + "\",\"payload\":\"W10=\"}}",
                        new SignedMessage(key(KEY1), b64(SIGNATURE), b64("W10="), null)),
                // PROTOCOL.md 7.6
                Arguments.of("{\"EncryptedMessages\":{\"base64\":\"EyxEK+AQ+9V+cmAzKKp25x/MwVA6riGTJ9FNnJmT9HJCo9R/BFyplSQe"
                                + "FSL2vQDMRbMXUndTqZ5B19Vl2221k66jPpe4qU4xPGkTCyKG21HxAJ2vfCI1dPcdcgjyxRHJMjufnAQPK1j24c26XU24"
                                + "W6T4VSbq84ZuLgG4liqR0LhkUw==\",\"noise_params\":\"Noise_IK_25519_AESGCM_SHA256\"}}",
                        new EncryptedMessages(b64("EyxEK+AQ+9V+cmAzKKp25x/MwVA6riGTJ9FNnJmT9HJCo9R/BFyplSQeFSL2vQDMRb"
                                + "MXUndTqZ5B19Vl2221k66jPpe4qU4xPGkTCyKG21HxAJ2vfCI1dPcdcgjyxRHJMjufnAQPK1j24c26XU24W6T4VSbq84"
                                + "ZuLgG4liqR0LhkUw=="))),
                // PROTOCOL.md 5.10
                Arguments.of("{\"FastEncryptedMessages\":{\"nonce\":\"AAECAwQFBgcICQoL\",\"sender\":\"" + KEY1
                                + "\",\"ciphertext\":\"rxbbf1XAxEhhG8VWyrZkgt9+mtLpHcAaDGVeFsRStJX/C30c9EpZIIhUpuJrU7LsfMA=\"}}",
                        new FastEncryptedMessages(b64("AAECAwQFBgcICQoL"), key(KEY1),
                                b64("rxbbf1XAxEhhG8VWyrZkgt9+mtLpHcAaDGVeFsRStJX/C30c9EpZIIhUpuJrU7LsfMA="))),
                Arguments.of("{\"WhereAreThey\":{\"ed25519h\":\"" + KEY2 + "\"}}", new WhereAreThey(key(KEY2))),
                // PROTOCOL.md 5.21: from_ed25519 written as null, maybe_ed25519 left out
                Arguments.of("{\"Forwarded\":{\"src\":\"203.0.113.7:24254\",\"from_ed25519\":null,"
                                + "\"messages\":\"[{\\\"MyPublicKey\\\":{\\\"ed25519h\\\":\\\"" + KEY2 + "\\\"}}]\","
                                + "\"might_be_ip_spoofing\":true}}",
                        new Forwarded(addr("203.0.113.7", 24254), null, null,
                                "[{\"MyPublicKey\":{\"ed25519h\":\"" + KEY2 + "\"}}]", true)),
                Arguments.of("{\"Forwarded\":{\"src\":\"[2001:db8::7]:9\",\"from_ed25519\":\"" + KEY1
                                + "\",\"maybe_ed25519\":\"" + KEY2 + "\",\"messages\":\"[]\",\"might_be_ip_spoofing\":false}}",
                        new Forwarded(addr("2001:db8::7", 9), key(KEY1), key(KEY2), "[]", false)),
                Arguments.of("{\"ChatMessage\":{\"message\":\"/ping\"}}", new ChatMessage("/ping")),
                // serde_json's escapes: short forms, \\u00xx lowercase for the other controls, raw UTF-8
                Arguments.of("{\"ChatMessage\":{\"message\":\"a\\\"b\\\\c/\\n\\r\\t\\b\\f\\u0001\\u001f\u007f"
                                + "\u00e9\u4e2d\u2028\ud83d\ude00\"}}",
                        new ChatMessage("a\"b\\c/\n\r\t\b\f\u0001\u001f\u007f\u00e9\u4e2d\u2028\ud83d\ude00")));
    }

    @ParameterizedTest
    @MethodSource("goldenElements")
    void encodesExactlyAsRust(String element, Message message) {
        assertArrayEquals(utf8(element), Wire.write(message), () -> Wire.text(Wire.write(message)));
        assertEquals(utf8(element).length, MessageEncoder.encodedLength(message));
    }

    @ParameterizedTest
    @MethodSource("goldenElements")
    void decodesRustsOutput(String element, Message message) {
        Wire.Result r = Wire.decode("[{\"PleaseSendPeers\":{}}," + element + "]");
        assertNull(r.drop());
        assertEquals(List.of(PleaseSendPeers.INSTANCE, message), r.messages());
        assertEquals(List.of(), r.skips());
    }

    @Test
    void payloadJsonKeepsTheSignedText() {
        // The signature covers these exact bytes, whitespace and escapes as the signer wrote them.
        String signed = "[ {\"ChatMessage\" : {\"message\":\"h\u00e9\\u00e9 \\/\"}} ]";
        String element = "{\"SignedMessage\":{\"ed25519\":\"" + KEY1 + "\",\"signature\":\"" + SIGNATURE
                + "\",\"payload_json\":" + quote(signed) + "}}";
        SignedMessage m = (SignedMessage) Wire.decode("[" + element + "]").messages().get(0);
        assertEquals(signed, m.payloadJson());
        assertArrayEquals(signed.getBytes(StandardCharsets.UTF_8), m.signedBytes());
        // Re-encoded and decoded again, the text (so the signature) survives.
        SignedMessage again = (SignedMessage) Wire.decode(Wire.encode(List.of(m))).messages().get(0);
        assertEquals(signed, again.payloadJson());
    }

    @Test
    void legacyPayloadIsTheSignedBytes() {
        SignedMessage m = new SignedMessage(key(KEY1), b64(SIGNATURE), b64("W10="), null);
        assertArrayEquals("[]".getBytes(StandardCharsets.US_ASCII), m.signedBytes());
        SignedMessage both = new SignedMessage(key(KEY1), b64(SIGNATURE), b64("W10="), PAYLOAD);
        assertArrayEquals(PAYLOAD.getBytes(StandardCharsets.US_ASCII), both.signedBytes(), "payload_json wins");
    }

    /** Accepted forms that Rust accepts too (or that a lenient reader should), and what they decode to. */
    static Stream<Arguments> lenientInput() {
        return Stream.of(
                // hex in either case, with 0x
                Arguments.of("{\"MyPublicKey\":{\"ed25519h\":\"0x" + KEY1.toUpperCase() + "\"}}", new MyPublicKey(key(KEY1))),
                // unknown fields, null optionals, any field order
                Arguments.of("{\"MyPublicKey\":{\"x\":[1,{\"y\":2}],\"ed25519_eth_signed\":null,\"ed25519h\":\"" + KEY1 + "\"}}",
                        new MyPublicKey(key(KEY1))),
                // serde's struct-as-array form, trailing optional left out
                Arguments.of("{\"MyPublicKey\":[\"" + KEY1 + "\"]}", new MyPublicKey(key(KEY1))),
                Arguments.of("{\"WhereAreThey\":[\"" + KEY2 + "\"]}", new WhereAreThey(key(KEY2))),
                Arguments.of("{\"ChatMessage\":[\"hi\"]}", new ChatMessage("hi")),
                // base64 without padding
                Arguments.of("{\"SignedMessage\":{\"signature\":\"" + SIGNATURE.replace("=", "") + "\",\"ed25519\":\""
                                + KEY1 + "\",\"payload\":\"W10\",\"payload_json\":null}}",
                        new SignedMessage(key(KEY1), b64(SIGNATURE), b64("W10="), null)),
                Arguments.of("{\"EncryptedMessages\":{\"noise_params\":\"anything\",\"base64\":\"\"}}",
                        new EncryptedMessages(ByteString.of(new byte[0]), "anything")),
                // might_be_ip_spoofing defaults to true; from/maybe may be absent
                Arguments.of("{\"Forwarded\":{\"src\":\"1.2.3.4:5\",\"messages\":\"[]\"}}",
                        new Forwarded(addr("1.2.3.4", 5), null, null, "[]", true)),
                Arguments.of("{\"Forwarded\":{\"src\":\"[::ffff:1.2.3.4]:5\",\"messages\":\"x\",\"might_be_ip_spoofing\":false,"
                                + "\"maybe_ed25519\":null}}",
                        new Forwarded(addr("1.2.3.4", 5), null, null, "x", false)),
                Arguments.of("{\"ChatMessage\":{\"message\":\"\\ud83d\\ude00\",\"extra\":null}}", new ChatMessage("\ud83d\ude00")));
    }

    @ParameterizedTest
    @MethodSource("lenientInput")
    void acceptsSerdesVariants(String element, Message expected) {
        Wire.Result r = Wire.decode("[" + element + "]");
        assertNull(r.drop());
        assertEquals(List.of(expected), r.messages(), element);
        assertEquals(List.of(), r.skips());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // wrong body shapes
            "{\"MyPublicKey\":null}", "{\"MyPublicKey\":\"" + KEY1 + "\"}", "{\"MyPublicKey\":{}}", "{\"ChatMessage\":7}",
            // a required field null, missing, or of the wrong type
            "{\"MyPublicKey\":{\"ed25519h\":null}}", "{\"MyPublicKey\":{\"ed25519h\":7}}",
            "{\"ChatMessage\":{\"text\":\"hi\"}}", "{\"ChatMessage\":{\"message\":null}}", "{\"ChatMessage\":{\"message\":[\"hi\"]}}",
            "{\"EncryptedMessages\":{\"base64\":\"AAAA\"}}", "{\"WhereAreThey\":{\"ed25519h\":{\"hex\":\"" + KEY2 + "\"}}}",
            "{\"Forwarded\":{\"src\":\"1.2.3.4:5\"}}", "{\"Forwarded\":{\"messages\":\"[]\"}}",
            // bad hex: short, long, not hex, a prefix Rust does not strip
            "{\"MyPublicKey\":{\"ed25519h\":\"5a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\"}}",
            "{\"MyPublicKey\":{\"ed25519h\":\"" + KEY1 + "00\"}}",
            "{\"MyPublicKey\":{\"ed25519h\":\"75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511ag\"}}",
            "{\"WhereAreThey\":{\"ed25519h\":\"0X" + KEY2 + "\"}}",
            // bad base64: URL-safe alphabet, whitespace; a signature or a nonce of the wrong length
            "{\"EncryptedMessages\":{\"base64\":\"ab-_\",\"noise_params\":\"x\"}}",
            "{\"EncryptedMessages\":{\"base64\":\"AA AA\",\"noise_params\":\"x\"}}",
            "{\"SignedMessage\":{\"ed25519\":\"" + KEY1 + "\",\"signature\":\"AAAA\",\"payload_json\":\"[]\"}}",
            "{\"FastEncryptedMessages\":{\"nonce\":\"AAECAwQFBgcICQo=\",\"sender\":\"" + KEY1 + "\",\"ciphertext\":\"\"}}",
            // a SignedMessage with nothing signed
            "{\"SignedMessage\":{\"ed25519\":\"" + KEY1 + "\",\"signature\":\"" + SIGNATURE + "\"}}",
            // an unparsable address, a bool that is not one
            "{\"Forwarded\":{\"src\":\"example.org:5\",\"messages\":\"[]\"}}",
            "{\"Forwarded\":{\"src\":\"1.2.3.4:5\",\"messages\":\"[]\",\"might_be_ip_spoofing\":\"yes\"}}",
            "{\"Forwarded\":{\"src\":\"1.2.3.4:5\",\"messages\":\"[]\",\"might_be_ip_spoofing\":null}}",
            // a field twice, an array form too long
            "{\"ChatMessage\":{\"message\":\"a\",\"message\":\"b\"}}",
            "{\"WhereAreThey\":[\"" + KEY2 + "\",1]}",
            // text with a lone surrogate has no UTF-8 form: never signed, logged or sent on
            "{\"ChatMessage\":{\"message\":\"\\ud800\"}}",
            "{\"SignedMessage\":{\"ed25519\":\"" + KEY1 + "\",\"signature\":\"" + SIGNATURE + "\",\"payload_json\":\"\\udc00[]\"}}"})
    void badBodiesAreSkippedAndTheRestKept(String element) {
        Wire.Result r = Wire.decode("[" + element + ",{\"PleaseSendPeers\":{}}]");
        assertNull(r.drop(), element);
        assertEquals(List.of(PleaseSendPeers.INSTANCE), r.messages(), element);
        assertEquals(List.of(SkipReason.BAD_BODY), r.skips(), element);
    }

    @Test
    void recordsRefuseWhatCouldNotBeSent() {
        ByteString sig = b64(SIGNATURE);
        assertThrows(IllegalArgumentException.class, () -> new SignedMessage(key(KEY1), sig, null, null));
        assertThrows(IllegalArgumentException.class, () -> SignedMessage.ofJson(key(KEY1), ByteString.of(new byte[63]), "[]"));
        assertThrows(IllegalArgumentException.class,
                () -> new FastEncryptedMessages(ByteString.of(new byte[11]), key(KEY1), ByteString.of(new byte[16])));
        assertThrows(IllegalArgumentException.class, () -> new ChatMessage("\ud800"));
        assertThrows(IllegalArgumentException.class, () -> Ed25519PublicKey.of(new byte[31]));
    }

    @Test
    void keysAndBytesHaveValueSemantics() {
        assertEquals(key(KEY1), key("0x" + KEY1.toUpperCase()));
        assertEquals(key(KEY1).hashCode(), key(KEY1.toUpperCase()).hashCode());
        assertEquals(KEY1, key(KEY1).hex());
        assertArrayEquals(HexFormat.of().parseHex(KEY1), key(KEY1).toByteArray());
        assertNull(Ed25519PublicKey.parse("\u0661" + KEY1.substring(1)), "a non-ASCII digit is not hex");
        assertEquals(b64(SIGNATURE), ByteString.of(Base64.getDecoder().decode(SIGNATURE)));
        assertEquals(SIGNATURE, b64(SIGNATURE).base64());
        assertNull(ByteString.parseBase64("A"));
    }

    @Test
    void aByteStringLendsItsBytesReadOnly() {
        java.nio.ByteBuffer view = b64(SIGNATURE).asReadOnlyBuffer();
        assertTrue(view.isReadOnly());
        byte[] seen = new byte[view.remaining()];
        view.get(seen);
        assertArrayEquals(Base64.getDecoder().decode(SIGNATURE), seen);
    }

    /** A server's pre-rendered element is written as it is, at the length it announces. */
    @Test
    void preEncodedElementsAreWrittenVerbatim() {
        byte[] element = utf8("{\"Peers\":{\"peers\":[\"1.2.3.4:5\"]}}");
        PreEncoded pre = new PreEncoded() {
            @Override
            public int encodedLength() {
                return element.length;
            }

            @Override
            public void writeTo(ByteBuf out) {
                out.writeBytes(element);
            }

            @Override
            public String type() {
                return Peers.TYPE;
            }
        };
        List<Message> list = List.of(new ChatMessage("x"), pre);
        assertEquals("[{\"ChatMessage\":{\"message\":\"x\"}},{\"Peers\":{\"peers\":[\"1.2.3.4:5\"]}}]",
                Wire.text(Wire.encode(list)));
        assertEquals(Wire.encode(list).length, MessageEncoder.datagramLength(list));
        assertEquals(List.of(new ChatMessage("x"), new Peers(List.of(addr("1.2.3.4", 5)))),
                Wire.decode(Wire.encode(list)).messages(), "it decodes as the message it stands for");
    }

    private static String quote(String s) {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        JsonText.writeSerdeQuoted(buf, s);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
