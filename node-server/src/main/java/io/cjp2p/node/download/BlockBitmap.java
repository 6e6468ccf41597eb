package io.cjp2p.node.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Which 4096-byte blocks of an object are on disk. File form ({@code <id>.bitmap}): the 8 ASCII
 * bytes {@code CJBITMAP}, the object's size as 8 big-endian bytes, then one bit per block, block
 * {@code i} in byte {@code i / 8} at bit {@code i % 8} (least significant first).
 */
public final class BlockBitmap {
    public static final int BLOCK = 4096;
    private static final byte[] MAGIC = {'C', 'J', 'B', 'I', 'T', 'M', 'A', 'P'};
    private static final int HEADER = 16;

    private final long size;
    private final int blocks;
    private final byte[] bits;
    private int count;

    public BlockBitmap(long size) {
        if (size < 0 || blocksOf(size) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("object size out of range: " + size);
        }
        this.size = size;
        this.blocks = (int) blocksOf(size);
        this.bits = new byte[(blocks + 7) / 8];
    }

    /** Blocks of an object of this size; an empty object has none. */
    public static long blocksOf(long size) {
        return (size + BLOCK - 1) / BLOCK;
    }

    /** An independent copy. */
    public BlockBitmap copy() {
        BlockBitmap c = new BlockBitmap(size);
        System.arraycopy(bits, 0, c.bits, 0, bits.length);
        c.count = count;
        return c;
    }

    public long size() {
        return size;
    }

    public int blocks() {
        return blocks;
    }

    public boolean has(int block) {
        return (bits[block >>> 3] & (1 << (block & 7))) != 0;
    }

    /** Marks a block present; returns whether it was missing. */
    public boolean set(int block) {
        if (has(block)) {
            return false;
        }
        bits[block >>> 3] |= (byte) (1 << (block & 7));
        count++;
        return true;
    }

    public void clear(int block) {
        if (has(block)) {
            bits[block >>> 3] &= (byte) ~(1 << (block & 7));
            count--;
        }
    }

    public void clearAll() {
        Arrays.fill(bits, (byte) 0);
        count = 0;
    }

    /** Blocks present. */
    public int count() {
        return count;
    }

    public boolean complete() {
        return count == blocks;
    }

    /** Bytes of the object covered by present blocks (the last block may be short). */
    public long bytesPresent() {
        if (count == 0) {
            return 0;
        }
        long full = (long) count * BLOCK;
        return blocks > 0 && has(blocks - 1) ? full - ((long) blocks * BLOCK - size) : full;
    }

    /** Writes the bitmap to a temporary file and renames it over {@code file}: a kill leaves the old or the new one. */
    public void save(Path file) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(HEADER + bits.length);
        out.put(MAGIC).putLong(size).put(bits);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, out.array());
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Reads a saved bitmap; throws when the file is not one (the caller then starts the object afresh). */
    public static BlockBitmap load(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        if (data.length < HEADER || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IOException(file + ": not a block bitmap");
        }
        long size = ByteBuffer.wrap(data, 8, 8).getLong();
        BlockBitmap map;
        try {
            map = new BlockBitmap(size);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (data.length != HEADER + map.bits.length) {
            throw new IOException(file + ": " + data.length + " bytes, expected " + (HEADER + map.bits.length));
        }
        for (int i = 0; i < map.blocks; i++) {
            if ((data[HEADER + (i >>> 3)] & (1 << (i & 7))) != 0) {
                map.set(i);
            }
        }
        return map;
    }
}
