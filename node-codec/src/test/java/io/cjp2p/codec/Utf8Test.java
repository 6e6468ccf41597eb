package io.cjp2p.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static io.cjp2p.codec.Wire.concat;
import static io.cjp2p.codec.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Utf8} against the JDK's strict UTF-8 decoder, which follows the same table of the Unicode Standard. */
class Utf8Test {
    static LongStream seeds() {
        return LongStream.range(0, 1000);
    }

    /** Which bytes of {@code b} the JDK's decoder finds in no well-formed sequence. */
    private static boolean[] illFormedByTheJdk(byte[] b) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        boolean[] bad = new boolean[b.length];
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(2 * b.length + 2);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (!r.isError()) {
                return bad;
            }
            for (int i = 0; i < r.length(); i++) {
                bad[in.position() + i] = true;
            }
            in.position(in.position() + r.length());
        }
    }

    /** Random well-formed and ill-formed sequences, ASCII, and single high bytes, in any order. */
    private static byte[] randomBytes(Random r) {
        List<byte[]> parts = new ArrayList<>();
        List<byte[]> illFormed = new ArrayList<>(BadUtf8Test.ILL_FORMED.values());
        for (int n = r.nextInt(40); n > 0; n--) {
            switch (r.nextInt(6)) {
                case 0 -> parts.add(utf8("abc{}\"\\".substring(r.nextInt(7))));
                case 1 -> parts.add(new byte[] {(byte) (0x80 + r.nextInt(128))});
                case 2 -> parts.add(illFormed.get(r.nextInt(illFormed.size())));
                case 3 -> { // a well-formed sequence, maybe cut short
                    byte[] b = utf8(new String(Character.toChars(codePoint(r))));
                    parts.add(r.nextInt(4) == 0 ? Arrays.copyOf(b, r.nextInt(b.length)) : b);
                }
                default -> parts.add(utf8(new String(Character.toChars(codePoint(r)))));
            }
        }
        return concat(parts.toArray(new byte[0][]));
    }

    /** A code point, often at the edge of a sequence length or of the surrogates. */
    private static int codePoint(Random r) {
        int[] edges = {0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF};
        if (r.nextBoolean()) {
            return edges[r.nextInt(edges.length)];
        }
        int c;
        do {
            c = r.nextInt(0x110000);
        } while (c >= 0xD800 && c <= 0xDFFF);
        return c;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void findsWhatTheJdkFindsAndRepairsExactlyThoseBytes(long seed) {
        Random r = new Random(seed);
        byte[] b = randomBytes(r);
        boolean[] bad = illFormedByTheJdk(b);
        int first = -1;
        for (int i = b.length - 1; i >= 0; i--) {
            first = bad[i] ? i : first;
        }
        assertEquals(first, Utf8.firstIllFormed(b, 0, b.length), () -> Arrays.toString(b));
        if (first < 0) {
            return;
        }
        byte[] repaired = new byte[b.length + 5];
        Utf8.replaceIllFormed(b, b.length, first, repaired);
        for (int i = 0; i < b.length; i++) {
            assertEquals(bad[i] ? Utf8.REPLACEMENT : b[i], repaired[i], "byte " + i + " of " + Arrays.toString(b));
        }
        assertTrue(Wire.isWellFormedUtf8(Arrays.copyOf(repaired, b.length)));
        // a range that starts past the first one looks only there
        int from = first + 1 + r.nextInt(b.length - first);
        boolean[] badFrom = illFormedByTheJdk(Arrays.copyOfRange(b, from, b.length));
        int next = -1;
        for (int i = b.length - 1; i >= from; i--) {
            next = badFrom[i - from] ? i : next;
        }
        assertEquals(next, Utf8.firstIllFormed(b, from, b.length));
    }

    @Test
    void everyIllFormedShapeIsFoundBetweenAsciiAndBetweenWellFormedText() {
        for (Map.Entry<String, byte[]> e : BadUtf8Test.ILL_FORMED.entrySet()) {
            for (String[] around : new String[][] {{"ab", "cd"}, {"\u00e9", "\u65e5"}, {"\ud83d\ude00", ""}, {"", "\""}}) {
                byte[] before = utf8(around[0]);
                byte[] b = concat(before, e.getValue(), utf8(around[1]));
                assertEquals(before.length, Utf8.firstIllFormed(b, 0, b.length), e.getKey());
                byte[] repaired = new byte[b.length];
                Utf8.replaceIllFormed(b, b.length, before.length, repaired);
                byte[] expected = e.getValue().clone();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = expected[i] < 0 ? Utf8.REPLACEMENT : expected[i];
                }
                assertArrayEquals(concat(before, expected, utf8(around[1])), repaired, e.getKey());
            }
        }
    }

    @Test
    void wellFormedTextOfEveryLengthPasses() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c <= 0x10FFFF; c += c < 0x800 ? 1 : 61) {
            if (c < 0xD800 || c > 0xDFFF) {
                sb.appendCodePoint(c);
            }
        }
        sb.appendCodePoint(0xFFFF).appendCodePoint(0x10FFFF).appendCodePoint(0xD7FF).appendCodePoint(0xE000);
        byte[] b = utf8(sb.toString());
        for (int from = 0; from < 16; from++) {
            // every alignment of the word-wise ASCII check
            assertEquals(-1, Utf8.firstIllFormed(utf8("x".repeat(from) + sb), 0, b.length + from));
        }
        assertEquals(-1, Utf8.firstIllFormed(new byte[0], 0, 0));
    }

    @Test
    void onlyTheGivenRangeIsRead() {
        byte[] b = concat(new byte[] {(byte) 0xFF}, utf8("abcdefghijklmnop"), new byte[] {(byte) 0xE6, (byte) 0x97, (byte) 0xA5});
        assertEquals(-1, Utf8.firstIllFormed(b, 1, b.length));
        assertEquals(0, Utf8.firstIllFormed(b, 0, 5));
        // a sequence cut by the end of the range is ill-formed within it
        assertEquals(b.length - 3, Utf8.firstIllFormed(b, 1, b.length - 1));
        assertEquals(-1, Utf8.firstIllFormed(b, 1, b.length - 3));
    }

    /**
     * The check on every datagram allocates nothing. Measured with the thread's allocation counter;
     * the bound leaves room for the few hundred bytes the VM itself sometimes charges to the thread
     * while compiling, where one object per check would be over 3 MB.
     */
    @Test
    void checkingAllocatesNothing() {
        byte[] ascii = utf8("[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"d9f2fe5c0123456789abcdef\"}}]");
        byte[] text = utf8("[{\"Chat\":\"h\u00e9llo \u65e5\u672c \ud83d\ude00 " + "x".repeat(100) + "\"}]");
        int found = 0;
        for (int i = 0; i < 20_000; i++) { // warm up: compiled code, not the first interpreted calls
            found += Utf8.firstIllFormed(ascii, 0, ascii.length) + Utf8.firstIllFormed(text, 0, text.length);
        }
        long before = Wire.allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            found += Utf8.firstIllFormed(ascii, 0, ascii.length) + Utf8.firstIllFormed(text, 0, text.length);
        }
        long spent = Wire.allocatedBytes() - before;
        assertEquals(-240_000, found);
        assertTrue(spent < 10_000, spent + " bytes allocated by 200 000 checks");
    }
}
