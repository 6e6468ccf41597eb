package io.cjp2p.codec;

/**
 * Finds bytes that are not well-formed UTF-8 (the Unicode Standard, table 3-7): stray continuation
 * bytes, truncated sequences, overlong forms, encoded surrogates, code points above U+10FFFF, and
 * the bytes C0, C1, F5..FF, which no well-formed sequence contains.
 *
 * <p>Jackson rejects only some of these (a bad lead or continuation byte); it decodes overlong forms,
 * surrogates, code points above U+10FFFF and F5..F7 leads without a word, and the decoder would echo
 * them byte for byte. No allocation; ASCII is checked sixteen bytes at a time.
 */
final class Utf8 {
    /** Stands in for an ill-formed byte in a repaired copy: a character in a string, invalid JSON elsewhere. */
    static final byte REPLACEMENT = '?';

    private Utf8() {
    }

    /** Where the first ill-formed sequence in {@code b[from..to)} starts, or -1 when there is none. */
    static int firstIllFormed(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (i + 16 <= to && ((ByteWords.at(b, i) | ByteWords.at(b, i + 8)) & ByteWords.HIGH_BITS) == 0) {
                i += 16;
                continue;
            }
            if (i + 8 <= to) {
                long high = ByteWords.at(b, i) & ByteWords.HIGH_BITS;
                if (high == 0) {
                    i += 8;
                    continue;
                }
                i += Long.numberOfTrailingZeros(high) >>> 3; // to the first byte that is not ASCII (the first byte is lowest)
            } else if (b[i] >= 0) {
                i++;
                continue;
            }
            do { // byte by byte while the text is not ASCII, where the words would not pass
                int n = sequenceLength(b, i, to);
                if (n == 0) {
                    return i;
                }
                i += n;
            } while (i < to && b[i] < 0);
        }
        return -1;
    }

    /**
     * Copies {@code src[0..length)} into {@code dst}, each byte of an ill-formed sequence replaced by
     * {@link #REPLACEMENT}; {@code firstIllFormed} is where the first one starts. The copy has the
     * same JSON structure as the source, byte for byte at the same offsets, and is well-formed.
     */
    static void replaceIllFormed(byte[] src, int length, int firstIllFormed, byte[] dst) {
        System.arraycopy(src, 0, dst, 0, length);
        // The rest of a sequence cut short is continuation bytes, which the next search reports one by one.
        for (int bad = firstIllFormed; bad >= 0; bad = firstIllFormed(dst, bad + 1, length)) {
            dst[bad] = REPLACEMENT;
        }
    }

    /** The length of the well-formed multi-byte sequence at {@code b[i]}, or 0 when it is ill-formed. */
    private static int sequenceLength(byte[] b, int i, int to) {
        int lead = b[i] & 0xFF;
        if (lead < 0xC2) {
            return 0; // a continuation byte, or C0/C1, which begin only overlong forms
        }
        if (lead < 0xE0) {
            return i + 1 < to && isContinuation(b[i + 1]) ? 2 : 0;
        }
        if (lead < 0xF0) {
            if (i + 2 >= to) {
                return 0;
            }
            int second = b[i + 1] & 0xFF;
            int min = lead == 0xE0 ? 0xA0 : 0x80; // below: overlong
            int max = lead == 0xED ? 0x9F : 0xBF; // above: a surrogate
            return second >= min && second <= max && isContinuation(b[i + 2]) ? 3 : 0;
        }
        if (lead < 0xF5) {
            if (i + 3 >= to) {
                return 0;
            }
            int second = b[i + 1] & 0xFF;
            int min = lead == 0xF0 ? 0x90 : 0x80; // below: overlong
            int max = lead == 0xF4 ? 0x8F : 0xBF; // above: past U+10FFFF
            return second >= min && second <= max && isContinuation(b[i + 2]) && isContinuation(b[i + 3]) ? 4 : 0;
        }
        return 0;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
