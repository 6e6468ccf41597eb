package io.cjp2p.node.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One process at a time in a state directory: an OS lock on {@value #FILE_NAME} in it, held until
 * {@link #close()} or until the process dies, so two nodes never share a key or overwrite each
 * other's peer file. The holder writes its pid into the file, for the message the next one shows.
 *
 * <p>The file is never deleted: a process that opened it just before a delete could lock the
 * unlinked file while a third locks a new one. A file left by {@code kill -9} blocks nobody, since
 * the lock died with the process. A refused attempt changes nothing in the directory.
 *
 * <p>Within one process the lock is no guard: the OS lock belongs to the process, and closing any
 * channel on the file drops it. So the directories this process holds are also kept in {@link #HELD},
 * and a second attempt here is refused before it opens the file.
 */
public final class StateDirLock implements AutoCloseable {
    /** The file's name in the state directory. */
    public static final String FILE_NAME = "lock";
    /** Far more than a pid and a newline. */
    private static final int MAX_PID_BYTES = 32;

    /** The directories locked by this process, as real paths (one directory may have many names). */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Path held;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StateDirLock(Path dir, Path held, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.held = held;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir}, which must exist, and writes this process's pid into its lock file.
     *
     * @throws StateDirException when another process (or another part of this one) holds it, or the
     *                           lock file cannot be opened
     */
    public static StateDirLock acquire(Path dir) throws StateDirException {
        Path file = dir.resolve(FILE_NAME);
        Path held;
        try {
            held = dir.toRealPath();
        } catch (IOException e) {
            throw new StateDirException("state directory " + dir + ": cannot open its lock file: " + e, e);
        }
        if (!HELD.add(held)) {
            throw inThisProcess(dir, null);
        }
        FileChannel channel = null;
        try {
            // no TRUNCATE_EXISTING: the holder's pid stays until we hold the lock ourselves
            channel = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), ownerOnly(dir));
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // locked in this JVM other than through this class
                throw inThisProcess(dir, e);
            }
            if (lock == null) {
                throw new StateDirException("state directory " + dir + " is in use by another process ("
                        + holder(channel) + "); stop it or give this one another --state-dir");
            }
            writePid(channel);
            return new StateDirLock(dir, held, channel, lock);
        } catch (StateDirException e) {
            release(held, channel);
            throw e;
        } catch (IOException e) {
            release(held, channel);
            throw new StateDirException("state directory " + dir + ": cannot lock " + file + ": " + e, e);
        }
    }

    private static StateDirException inThisProcess(Path dir, Throwable cause) {
        return new StateDirException("state directory " + dir + " is already in use by this process (pid "
                + ProcessHandle.current().pid() + ")", cause);
    }

    private static void release(Path held, FileChannel channel) {
        if (channel != null) {
            closeQuietly(channel);
        }
        HELD.remove(held);
    }

    /** The directory this lock holds. */
    public Path dir() {
        return dir;
    }

    /** Releases the lock; the file stays (see the class comment). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // a second close must not forget a lock taken since
        }
        try {
            if (lock.isValid()) {
                channel.truncate(0); // a pid read from a file nobody holds would mislead
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel below releases the lock all the same
        } finally {
            release(held, channel);
        }
    }

    private static void writePid(FileChannel channel) throws IOException {
        ByteBuffer pid = ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
        channel.truncate(0);
        while (pid.hasRemaining()) {
            channel.write(pid, pid.position());
        }
        channel.force(false);
    }

    /** "pid N" as the holder wrote it, or why it is not known; the file is only read. */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(MAX_PID_BYTES);
            while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
                // read what there is, from the start
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
            return text.matches("[0-9]{1,19}") ? "pid " + text : "pid not known";
        } catch (IOException e) {
            return "pid not known";
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to add to the failure being reported
        }
    }
}
