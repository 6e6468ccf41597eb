package io.cjp2p.node.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** A file of seeded random bytes, and its content id, for tests that share and fetch objects. */
public final class RandomObject {
    private RandomObject() {
    }

    /** Writes {@code size} random bytes (from {@code seed}) to {@code file}; returns their SHA-256 as hex. */
    public static String write(Path file, long size, long seed) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
            for (long left = size; left > 0; ) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
