package io.cjp2p.node.download;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The object's SHA-256 fed ahead as blocks arrive: the result is the hash of what is on disk at the end. */
class PartialFileTest {
    private static final String ID = "00".repeat(32);

    @TempDir
    Path state;

    @Test
    void hashingAheadGivesTheHashOfTheWholeObject() throws Exception {
        byte[] data = random(10 * BlockBitmap.BLOCK + 123, 1);
        try (PartialFile f = PartialFile.open(state, ID)) {
            f.size(data.length);
            for (int b = 0; b < 11; b++) {
                write(f, data, b);
                if (b == 3 || b == 4) {
                    f.hashUpTo((long) (b + 1) * BlockBitmap.BLOCK, f.forgets());
                }
            }
            assertEquals(5L * BlockBitmap.BLOCK, f.hashedBytes());
            assertEquals(sha256(data), f.sha256());
        }
    }

    @Test
    void aForgottenBlockVoidsWhatWasHashedAndARangeFromBefore() throws Exception {
        byte[] bad = random(8 * BlockBitmap.BLOCK, 2);
        byte[] good = bad.clone();
        good[5] ^= 1;
        try (PartialFile f = PartialFile.open(state, ID)) {
            f.size(bad.length);
            for (int b = 0; b < 8; b++) {
                write(f, bad, b);
            }
            int before = f.forgets();
            f.hashUpTo(4L * BlockBitmap.BLOCK, before); // block 0 hashed with the bad byte
            f.forget(0);
            f.hashUpTo(8L * BlockBitmap.BLOCK, before); // computed before the forget: ignored
            write(f, good, 0);
            assertEquals(sha256(good), f.sha256());
        }
    }

    private static void write(PartialFile f, byte[] data, int block) throws IOException {
        int from = block * BlockBitmap.BLOCK;
        f.write(block, ByteBuffer.wrap(data, from, Math.min(BlockBitmap.BLOCK, data.length - from)));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
