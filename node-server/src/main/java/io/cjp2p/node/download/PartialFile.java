package io.cjp2p.node.download;

import io.cjp2p.node.content.ContentStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One object being downloaded, on disk: {@code <state>/incoming/<id>.part} holds the blocks at
 * their offsets and {@code <id>.bitmap} says which are there. The bitmap is saved only after the
 * data it claims has been forced to disk, so after a kill or a crash every block it marks is real;
 * blocks written since the last save are fetched again.
 */
public final class PartialFile implements AutoCloseable {
    private final String id;
    private final Path part;
    private final Path bitmapFile;
    private final Path contentDir;
    private final FileChannel channel;
    private BlockBitmap bitmap;
    private boolean dirty;
    /** SHA-256 of the object's first {@link #hashedBytes} bytes, fed on the file thread as blocks arrive in order. */
    private MessageDigest prefixDigest;
    private volatile long hashedBytes;
    /** Blocks forgotten so far: bytes hashed before a forget may be fetched again, so hashing starts over. */
    private volatile int forgets;
    private int hashedForgets;
    private ByteBuffer hashBuffer;

    private PartialFile(String id, Path incoming, Path contentDir) throws IOException {
        this.id = id;
        this.part = incoming.resolve(id + ".part");
        this.bitmapFile = incoming.resolve(id + ".bitmap");
        this.contentDir = contentDir;
        Files.createDirectories(incoming);
        this.channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /**
     * Opens (or starts) the partial object {@code id} under {@code stateDir}; the bitmap of an
     * earlier run is taken when it is readable, otherwise the object starts empty.
     */
    public static PartialFile open(Path stateDir, String id) throws IOException {
        PartialFile f = new PartialFile(id, stateDir.resolve(ContentStore.INCOMING_DIR),
                stateDir.resolve(ContentStore.CONTENT_DIR));
        if (Files.isRegularFile(f.bitmapFile)) {
            try {
                f.bitmap = BlockBitmap.load(f.bitmapFile);
            } catch (IOException e) {
                f.bitmap = null; // unreadable: its blocks are not trusted
            }
        }
        return f;
    }

    public String id() {
        return id;
    }

    /** The bitmap, or {@code null} while the object's size is unknown. */
    public BlockBitmap bitmap() {
        return bitmap;
    }

    /** Fixes the object's size (from the first Content with {@code eof}); a resumed bitmap of another size is dropped. */
    public void size(long size) throws IOException {
        if (bitmap != null && bitmap.size() == size) {
            return;
        }
        bitmap = new BlockBitmap(size);
        channel.truncate(size);
        dirty = true;
    }

    /** Writes one block's data at its offset and marks it; returns whether it was new. */
    public boolean write(int block, ByteBuffer data) throws IOException {
        if (bitmap.has(block)) {
            return false;
        }
        long position = (long) block * BlockBitmap.BLOCK;
        while (data.hasRemaining()) {
            position += channel.write(data, position);
        }
        bitmap.set(block);
        dirty = true;
        return true;
    }

    /** CRC32C of the block as it is on disk now. */
    public long blockChecksum(int block) throws IOException {
        long position = (long) block * BlockBitmap.BLOCK;
        int length = (int) Math.min(BlockBitmap.BLOCK, bitmap.size() - position);
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining() && channel.read(buf, position + buf.position()) > 0) {
            // read the whole block
        }
        buf.flip();
        return checksum(buf);
    }

    /** CRC32C of the remaining bytes, without consuming them; never 0, which means "none". */
    public static long checksum(ByteBuffer data) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data.duplicate());
        return crc.getValue() | (1L << 32);
    }

    /** Forgets a block (its source turned out bad); the bytes stay until overwritten. */
    public void forget(int block) {
        bitmap.clear(block);
        dirty = true;
        forgets++; // under the download's lock, its only writer
    }

    /** Changes whenever a block is forgotten; {@link #hashUpTo} takes it with the range it was given. */
    public int forgets() {
        return forgets;
    }

    /**
     * A copy of the bitmap to {@link #persist} later (taken under the download's lock; the copy is
     * small), or {@code null} when nothing changed since the last one.
     */
    public BlockBitmap snapshot() {
        if (!dirty || bitmap == null) {
            return null;
        }
        dirty = false;
        return bitmap.copy();
    }

    /**
     * Forces the data to disk, then saves a bitmap taken before: every block it marks was written
     * before it was taken, so the force covers it. Runs off the packet path (fsync may take long).
     */
    public void persist(BlockBitmap snapshot) throws IOException {
        if (snapshot == null || !channel.isOpen()) {
            return;
        }
        channel.force(false);
        snapshot.save(bitmapFile);
    }

    /** Forces the data and saves the current bitmap. */
    public void flush() throws IOException {
        persist(snapshot());
    }

    /**
     * Feeds the SHA-256 with the bytes from where the last call stopped up to {@code end}, every one
     * of them on disk when {@code forgets} was {@link #forgets()} (a range from before a forget is
     * ignored). Run on one thread, the download's file thread, while the download goes on: the
     * check of the finished object then hashes only the rest, not the whole object after the last block.
     */
    public void hashUpTo(long end, int forgets) throws IOException {
        if (forgets != this.forgets) {
            return;
        }
        if (prefixDigest == null || hashedForgets != forgets) {
            prefixDigest = sha256Digest();
            hashedForgets = forgets;
            hashedBytes = 0;
        }
        if (hashBuffer == null) {
            hashBuffer = ByteBuffer.allocateDirect(1 << 20);
        }
        long position = hashedBytes;
        try {
            while (position < end) {
                hashBuffer.clear().limit((int) Math.min(hashBuffer.capacity(), end - position));
                int n = channel.read(hashBuffer, position);
                if (n < 0) {
                    throw new IOException(part + " is shorter than " + end + " bytes");
                }
                position += n;
                hashBuffer.flip();
                prefixDigest.update(hashBuffer);
            }
        } catch (IOException | RuntimeException e) {
            prefixDigest = null; // fed part of a range: start over next time
            hashedBytes = 0;
            throw e;
        }
        hashedBytes = position;
    }

    /** Bytes from the start already fed to the SHA-256 ({@link #hashUpTo}). */
    public long hashedBytes() {
        return hashedBytes;
    }

    /** SHA-256 of the whole object as lower-case hex; on the thread that runs {@link #hashUpTo}. */
    public String sha256() throws IOException {
        hashUpTo(bitmap.size(), forgets);
        String hex = HexFormat.of().formatHex(prefixDigest.digest());
        prefixDigest = null; // the next check (after a mismatch) starts from the first byte
        hashedBytes = 0;
        return hex;
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Moves the verified object to {@code <state>/content/<id>} (an atomic rename) and removes the
     * bitmap; returns the new path.
     */
    public Path promote() throws IOException {
        channel.force(true);
        channel.close();
        Files.createDirectories(contentDir);
        Path target = contentDir.resolve(id);
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(bitmapFile);
        return target;
    }

    /** Where the data is, for a caller that copies it out. */
    public Path partPath() {
        return part;
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            flush();
            channel.close();
        }
    }
}
