package io.cjp2p.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reused parser must be indistinguishable from a fresh one: whatever the datagram before it did
 * (ended early, was truncated, threw, hit a limit), a datagram decodes as if it were the first.
 * The decoders here read every datagram with Jackson, the core-message scanner off.
 */
class ReusableParserTest {
    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDatagramDecodesAsIfItWereTheFirst(long seed) {
        Random r = new Random(seed);
        MessageDecoder reused = new MessageDecoder(new DecoderLimits(65_507, 8, 16, 4096), false);
        for (int i = 0; i < 30; i++) {
            byte[] datagram = datagram(r);
            Wire.Result fresh = Wire.decode(new MessageDecoder(reused.limits(), false), datagram);
            assertEquals(fresh, Wire.decode(reused, datagram), () -> "datagram " + new String(datagram, StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void offsetsAreJacksonsLocations(long seed) throws Exception {
        Random r = new Random(seed);
        JsonFactory factory = new JsonFactory();
        ReusableParser reused = ReusableParser.create(factory);
        for (int i = 0; i < 10; i++) {
            byte[] doc = ("[" + CodecPropertiesTest.json(r, 4) + (r.nextBoolean() ? " , \n" + CodecPropertiesTest.json(r, 3) : "") + "]")
                    .getBytes(StandardCharsets.UTF_8);
            reused.reset(doc, doc.length);
            try (JsonParser jackson = factory.createParser(doc)) {
                JsonToken t;
                while ((t = jackson.nextToken()) != null) {
                    assertEquals(t, reused.nextToken());
                    assertEquals(jackson.currentTokenLocation().getByteOffset(), reused.tokenOffset(), "token start of " + t);
                    if (t == JsonToken.VALUE_STRING && r.nextBoolean()) {
                        jackson.finishToken();
                        reused.finishToken();
                    }
                    assertEquals(jackson.currentLocation().getByteOffset(), reused.offset(), "position after " + t);
                }
                assertNull(reused.nextToken());
            }
        }
    }

    @Test
    void fieldNameTableIsBoundedAndReplacedParsersStillDecode() {
        MessageDecoder decoder = new MessageDecoder(DecoderLimits.DEFAULT, false);
        int largest = 0;
        for (int i = 0; i < 5_000; i++) {
            String type = "Junk" + i;
            byte[] datagram = ("[{\"" + type + "\":{\"a" + i + "\":1,\"b" + i + "\":2}},{\"PleaseSendPeers\":{}}]")
                    .getBytes(StandardCharsets.UTF_8);
            List<Message> out = decoder.decode(datagram);
            assertEquals(type, assertInstanceOf(OtherMessage.class, out.get(0)).type());
            assertEquals(PleaseSendPeers.INSTANCE, out.get(1));
            largest = Math.max(largest, decoder.parserOfThisThread().symbolCount());
        }
        assertTrue(largest <= ReusableParser.MAX_SYMBOLS, "field-name table held " + largest);
    }

    /**
     * A name the parser has not seen costs that name, not a copy of the whole field-name table
     * (Jackson's own release at the end of each document marked the table shared again, so the next
     * new name copied it: about 25 KB per datagram near the table's bound). Measured with the
     * thread's allocation counter over datagrams that each bring two new names, with the table
     * already holding hundreds; the bound is loose, the old cost was over 10 times the bound.
     */
    @Test
    void aNameNeverSeenBeforeCostsTheNameNotTheTable() {
        MessageDecoder decoder = new MessageDecoder(DecoderLimits.DEFAULT, false);
        List<Message> out = new ArrayList<>();
        long spent = 0;
        int measured = 0;
        for (int i = 0; i < 4_000; i++) {
            byte[] datagram = ("[{\"PleaseReturnThisMessage\":{\"k" + i + "\":1,\"j" + i + "\":2}}]")
                    .getBytes(StandardCharsets.UTF_8);
            boolean measure = i >= 2_000 && decoder.parserOfThisThread().symbolCount() >= 300;
            out.clear();
            long before = Wire.allocatedBytes();
            assertNull(decoder.decode(datagram, datagram.length, out, reason -> { }));
            if (measure) {
                spent += Wire.allocatedBytes() - before;
                measured++;
            }
            assertInstanceOf(PleaseReturnThisMessage.class, out.get(0));
        }
        assertTrue(measured > 500, "measured " + measured);
        assertTrue(spent / measured < 2_500, spent / measured + " B per datagram with two new names");
    }

    /**
     * Malformed input (bad UTF-8 outside a string, a truncated string, a stray byte) and too deep a
     * document keep the parser, which the property test above holds to decoding as if fresh; any
     * other broken limit (here a string over the token length) still replaces it.
     */
    @Test
    void malformedOrTooDeepInputKeepsTheParserOtherBrokenLimitsReplaceIt() {
        MessageDecoder decoder = new MessageDecoder(new DecoderLimits(65_507, 8, 16, 4096), false);
        List<Message> out = new ArrayList<>();
        byte[] good = "[{\"PleaseSendPeers\":{}}]".getBytes(StandardCharsets.UTF_8);
        assertNull(decoder.decode(good, good.length, out, reason -> { }));
        ReusableParser kept = decoder.parserOfThisThread();
        byte[][] malformed = {
            Wire.concat("[{\"PleaseReturnThisMessage\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xff, (byte) 0xfe}, "]".getBytes(StandardCharsets.UTF_8)),
            "[{\"PleaseReturnThisMessage\":\"abc".getBytes(StandardCharsets.UTF_8),
            "[{\"PleaseSendPeers\":{}} x]".getBytes(StandardCharsets.UTF_8),
        };
        // A parser is replaced when the next datagram begins, so each check decodes one after.
        for (byte[] datagram : malformed) {
            assertEquals(DropReason.NOT_JSON, decoder.decode(datagram, datagram.length, out, reason -> { }));
            assertGoodDecodes(decoder, good);
            assertSame(kept, decoder.parserOfThisThread());
        }
        byte[] deep = "[[[[[[[[[[[[]]]]]]]]]]]]".getBytes(StandardCharsets.UTF_8);
        assertEquals(DropReason.TOO_DEEP, decoder.decode(deep, deep.length, out, reason -> { }));
        assertGoodDecodes(decoder, good);
        assertSame(kept, decoder.parserOfThisThread());
        byte[] tooLong = ("[{\"PleaseReturnThisMessage\":\"" + "x".repeat(5_000) + "\"}]")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(DropReason.TOKEN_TOO_LONG, decoder.decode(tooLong, tooLong.length, out, reason -> { }));
        assertGoodDecodes(decoder, good);
        assertNotSame(kept, decoder.parserOfThisThread());
    }

    private static void assertGoodDecodes(MessageDecoder decoder, byte[] good) {
        List<Message> out = new ArrayList<>();
        assertNull(decoder.decode(good, good.length, out, reason -> { }));
        assertEquals(List.of(PleaseSendPeers.INSTANCE), out);
    }

    /**
     * Past 2^20 datagrams (where replacing the root context once cost a deoptimisation) the same
     * parser is in use, with its field-name table (a new parser would start cold), the same cached
     * array context (a new one would take a path the JIT compiled out), and a root context that
     * counts only the current document.
     */
    @Test
    void theRootContextIsSetBackNotReplaced() {
        MessageDecoder decoder = new MessageDecoder(DecoderLimits.DEFAULT, false);
        byte[] datagram = "[{\"PleaseSendPeers\":{}}]".getBytes(StandardCharsets.UTF_8);
        decoder.decode(datagram);
        ReusableParser first = decoder.parserOfThisThread();
        int symbols = first.symbolCount();
        JsonReadContext array = first.arrayContext();
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < (1 << 20) + 10; i++) {
            out.clear();
            assertNull(decoder.decode(datagram, datagram.length, out, reason -> { }));
        }
        assertEquals(List.of(PleaseSendPeers.INSTANCE), out);
        assertSame(first, decoder.parserOfThisThread());
        assertEquals(symbols, first.symbolCount());
        assertEquals(1, first.rootEntryCount());
        assertSame(array, first.arrayContext());
    }

    /** Valid datagrams, and the ways a datagram can stop a parser half-way. */
    private static byte[] datagram(Random r) {
        String s = switch (r.nextInt(6)) {
            case 0, 1 -> new String(CodecPropertiesTest.encode(messages(r)), StandardCharsets.UTF_8);
            case 2 -> CodecPropertiesTest.jsonish(r);
            case 3 -> { // truncated
                String full = new String(CodecPropertiesTest.encode(messages(r)), StandardCharsets.UTF_8);
                yield full.substring(0, r.nextInt(full.length()));
            }
            case 4 -> "[" + "[".repeat(r.nextInt(12)) + "]"; // too deep for depth 8, or unbalanced
            default -> "[" + "{\"PleaseSendPeers\":{}},".repeat(r.nextInt(20)) + "1]"; // over 16 elements sometimes
        };
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Message> messages(Random r) {
        List<Message> messages = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            messages.add(CodecPropertiesTest.message(r));
        }
        return messages;
    }
}
