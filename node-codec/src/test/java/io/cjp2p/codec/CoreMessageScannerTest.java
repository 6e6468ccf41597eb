package io.cjp2p.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.cjp2p.codec.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scanner takes the common datagrams and gives every other one to Jackson, and the decoder's
 * answer is the same either way: the same messages, skips and drop reason as a Jackson-only decoder,
 * on hand-picked edge cases, the fuzzing corpus and mutations of common datagrams.
 */
class CoreMessageScannerTest {
    private static final DecoderLimits SMALL = new DecoderLimits(4096, 4, 3, 24);

    /** What the scanner is for: the benchmark's echo and verified peers requests, simple nodes' requests. */
    private static final List<String> COMMON = List.of(
            "[{\"PleaseReturnThisMessage\":{\"n\":1234567890}}]",
            "[{\"AlwaysReturned\":{\"cookie\":\"cd1c4abdec85f5ee\"}},{\"PleaseSendPeers\":{}},"
                    + "{\"PleaseReturnThisMessage\":{\"n\":1234567890}},"
                    + "{\"PleaseAlwaysReturnThisMessage\":\"abcdef0123456789abcdef0123456789\"}]",
            "[{\"PleaseSendPeers\":{}}]",
            "[{\"PleaseSendPeers\":[]}]",
            " [ { \"PleaseSendPeers\" : { } } , {\"ReturnedMessage\":\"x\"} ]\n",
            "[\t{\"PleaseAlwaysReturnThisMessage\":[1,-2.5e+3,0,0.0,-0,true,false,null,\"\\u00e9\\n\\\"\",{\"a\":[[]]}]}\r]",
            "[{\"AlwaysReturned\":\"caf\u00e9 \u2603 \uD83D\uDE00\"}]",
            "[{\"ReturnedMessage\":{\"nonce\":\"0123456789abcdef\",\"t\":1.5E-7}}]",
            "[{\"AlwaysReturned\":\"0123456789\\\"abcdefghijk\\\\lmnopq\\u0041rstuvwxyz\u00e9012345678\"}]",
            "[]",
            " [ ] ");

    private static final List<String> GIVEN_TO_JACKSON = List.of(
            "[{\"Peers\":{\"peers\":[\"1.2.3.4:5\"]}}]", // a type the scanner leaves alone
            "[{\"MyPublicKey\":{\"ed25519\":\"00\"}}]",
            "[{\"SignedMessage\":{\"ed25519\":\"00\",\"signature\":\"AA==\",\"payload_json\":\"[]\"}},"
                    + "{\"PleaseSendPeers\":{}}]", // a Rust node's probe leads with one
            "[{\"Something\":{}}]",
            "[{\"Please\\u0053endPeers\":{}}]", // an escape in the name
            "[{\"PleaseSendPeers\":\"now\"}]", // a body Jackson skips
            "[{\"PleaseReturnThisMessage\":null}]",
            "[{\"PleaseReturnThisMessage\":5}]",
            "[{\"AlwaysReturned\":true}]",
            "[{\"PleaseSendPeers\":{},\"PleaseReturnThisMessage\":{}}]", // two keys
            "[{}]",
            "[5,{\"PleaseSendPeers\":{}}]",
            "[{\"PleaseSendPeers\":{}}] x",
            "[{\"PleaseSendPeers\":{}}][]",
            "[{\"PleaseSendPeers\":{}},]",
            "[{\"PleaseSendPeers\":{\"a\":01}}]",
            "[{\"PleaseSendPeers\":{\"a\":1.}}]",
            "[{\"PleaseSendPeers\":{\"a\":-}}]",
            "[{\"PleaseSendPeers\":{\"a\":1e}}]",
            "[{\"PleaseSendPeers\":{\"a\":+1}}]",
            "[{\"PleaseSendPeers\":{\"a\":tru}}]",
            "[{\"PleaseSendPeers\":{\"a\":truex}}]",
            "[{\"PleaseSendPeers\":{\"a\":\"\\x\"}}]",
            "[{\"PleaseSendPeers\":{\"a\":\"\\u12G4\"}}]",
            "[{\"PleaseSendPeers\":{\"a\":\"tab\there\"}}]",
            "[{\"AlwaysReturned\":\"0123456789abcdef0123456789\u001fabcdef\"}]",
            "[{\"PleaseSendPeers\":{a:1}}]",
            "[{\"PleaseSendPeers\":{\"a\" 1}}]",
            "[{\"PleaseSendPeers\":{\"a\":1,}}]",
            "[{\"PleaseSendPeers\":[1 2]}]",
            "[{\"PleaseSendPeers\":{/*c*/}}]",
            "[{\"PleaseSendPeers\":{}}",
            "[{\"PleaseSendPeers\":{\"a\":\"unterminated",
            "{\"PleaseSendPeers\":{}}",
            "\"PleaseSendPeers\"",
            "[{\"PleaseSendPeers\":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]}]");

    private final MessageDecoder scanning = new MessageDecoder();
    private final MessageDecoder jacksonOnly = new MessageDecoder(DecoderLimits.DEFAULT, false);

    @Test
    void takesTheCommonDatagramsAndDecodesThemAsJacksonDoes() {
        CoreMessageScanner scanner = new CoreMessageScanner(DecoderLimits.DEFAULT);
        for (String text : COMMON) {
            byte[] data = utf8(text);
            List<Message> out = new ArrayList<>();
            assertTrue(scanner.decode(data, data.length, out), text);
            assertEquals(jacksonOnly.decode(data), out, text);
        }
    }

    @Test
    void givesTheRestToJackson() {
        CoreMessageScanner scanner = new CoreMessageScanner(DecoderLimits.DEFAULT);
        for (String text : GIVEN_TO_JACKSON) {
            byte[] data = utf8(text);
            assertFalse(scanner.decode(data, data.length, new ArrayList<>()), text);
            assertSameAnswer(scanning, jacksonOnly, data);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{\"PleaseSendPeers\":[[[]]]}]", // depth 5 with a limit of 4
            "[{\"AlwaysReturned\":\"a string longer than the token limit\"}]",
            "[{\"PleaseSendPeers\":{\"n\":123456789012345678901234567890}}]",
            "[{\"PleaseSendPeers\":{}},{\"PleaseSendPeers\":{}},{\"PleaseSendPeers\":{}},{\"PleaseSendPeers\":{}}]"})
    void givesUpNearALimitAndJacksonJudgesIt(String text) {
        byte[] data = utf8(text);
        assertFalse(new CoreMessageScanner(SMALL).decode(data, data.length, new ArrayList<>()), text);
        assertSameAnswer(new MessageDecoder(SMALL), new MessageDecoder(SMALL, false), data);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{\"PleaseSendPeers\":[[]]}]", // depth 4, the limit
            "[{\"AlwaysReturned\":\"twenty-four bytes, right\"}]",
            "[{\"PleaseSendPeers\":{\"n\":12345678901234567890123}}]", // 23 digits
            "[{\"PleaseSendPeers\":{}},{\"PleaseSendPeers\":{}},{\"PleaseSendPeers\":{}}]"})
    void takesWhatIsJustWithinTheLimitsAsJacksonDoes(String text) {
        byte[] data = utf8(text);
        List<Message> out = new ArrayList<>();
        assertTrue(new CoreMessageScanner(SMALL).decode(data, data.length, out), text);
        assertEquals(new MessageDecoder(SMALL, false).decode(data), out, text);
    }

    @Test
    void leavesTheListAsItFoundItWhenItGivesUp() {
        List<Message> out = new ArrayList<>(List.of(PleaseSendPeers.INSTANCE));
        byte[] data = utf8("[{\"PleaseSendPeers\":{}},{\"ReturnedMessage\":\"x\"},{\"Peers\":{\"peers\":[]}}]");
        assertEquals(null, scanning.decode(data, data.length, out, DecodeObserver.IGNORE));
        assertEquals(List.of(PleaseSendPeers.INSTANCE, PleaseSendPeers.INSTANCE,
                new ReturnedMessage(RawJson.of("\"x\"")), new Peers(List.of())), out);
    }

    static Stream<Path> corpus() throws IOException {
        Path root = Path.of("src/test/resources/io/cjp2p/codec");
        return Files.walk(root).filter(Files::isRegularFile);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void agreesWithJacksonOnTheFuzzingCorpus(Path file) throws IOException {
        assertSameAnswer(scanning, jacksonOnly, Files.readAllBytes(file));
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** Each seed: 100 common datagrams with one to three bytes changed, inserted or removed, JSON's own characters likeliest. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void agreesWithJacksonOnMutatedCommonDatagrams(long seed) {
        Random r = new Random(seed);
        byte[] alphabet = utf8("{}[]\":,\\ 0123456789-+.eEtrufalsn\t\nuAP\u00e9\u0001");
        for (int k = 0; k < 100; k++) {
            byte[] data = utf8(COMMON.get(r.nextInt(COMMON.size())));
            for (int edits = 1 + r.nextInt(3); edits > 0 && data.length > 0; edits--) {
                int at = r.nextInt(data.length);
                byte b = alphabet[r.nextInt(alphabet.length)];
                data = switch (r.nextInt(3)) {
                    case 0 -> { data[at] = b; yield data; }
                    case 1 -> insert(data, at, b);
                    default -> remove(data, at);
                };
            }
            assertSameAnswer(scanning, jacksonOnly, data);
        }
    }

    /** The same drop reason, messages and skips from both decoders. */
    private static void assertSameAnswer(MessageDecoder a, MessageDecoder b, byte[] data) {
        assertEquals(Wire.decode(b, data), Wire.decode(a, data), () -> Arrays.toString(data) + " " + Wire.text(data));
    }

    private static byte[] insert(byte[] data, int at, byte b) {
        byte[] longer = new byte[data.length + 1];
        System.arraycopy(data, 0, longer, 0, at);
        longer[at] = b;
        System.arraycopy(data, at, longer, at + 1, data.length - at);
        return longer;
    }

    private static byte[] remove(byte[] data, int at) {
        byte[] shorter = new byte[data.length - 1];
        System.arraycopy(data, 0, shorter, 0, at);
        System.arraycopy(data, at + 1, shorter, at, data.length - at - 1);
        return shorter;
    }
}
