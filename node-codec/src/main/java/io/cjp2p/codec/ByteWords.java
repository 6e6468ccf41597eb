package io.cjp2p.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes of a byte array as one word, the first in the lowest bits, for the scans that go eight
 * bytes at a time (UTF-8 checks, JSON strings): whether a word holds a byte where a scan must stop.
 */
final class ByteWords {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    /** The high bit of every byte: set in a word only where a byte is not ASCII. */
    static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;
    private static final long SPACES = ' ' * ONES;

    private ByteWords() {
    }

    /** The eight bytes at {@code d[i]}, the first in the lowest bits. */
    static long at(byte[] d, int i) {
        return (long) LONGS.get(d, i);
    }

    /** Whether a byte of {@code w} is a quote or a backslash. */
    static boolean hasQuoteOrBackslash(long w) {
        return (quoteOrBackslash(w) & HIGH_BITS) != 0;
    }

    /** Whether a byte of {@code w} is a quote, a backslash or a control character, which a JSON string holds only escaped. */
    static boolean hasQuoteBackslashOrControl(long w) {
        return ((quoteOrBackslash(w) | (w - SPACES) & ~w) & HIGH_BITS) != 0;
    }

    /** The high bit set in the first byte that is a quote or a backslash, perhaps in later ones too: the usual zero-byte test. */
    private static long quoteOrBackslash(long w) {
        long quote = w ^ QUOTES;
        long backslash = w ^ BACKSLASHES;
        return (quote - ONES) & ~quote | (backslash - ONES) & ~backslash;
    }
}
