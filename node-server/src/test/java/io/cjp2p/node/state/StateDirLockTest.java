package io.cjp2p.node.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state directory's lock within one process; two processes on one directory are in
 * {@code NodeJarIT} (the JVM keeps one lock per file per process, so only a second process sees the
 * OS lock itself).
 */
class StateDirLockTest {
    private static final String PID = ProcessHandle.current().pid() + "\n";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(StateDirLock.FILE_NAME);
    }

    @Test
    void theHolderWritesItsPidAndCloseLetsTheNextOneIn() throws Exception {
        try (StateDirLock lock = StateDirLock.acquire(dir)) {
            assertEquals(dir, lock.dir());
            assertEquals(PID, Files.readString(file()));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        }
        assertEquals("", Files.readString(file()), "no pid left in a file nobody holds");
        try (StateDirLock again = StateDirLock.acquire(dir)) {
            assertEquals(dir, again.dir());
            assertEquals(PID, Files.readString(file()));
        }
    }

    @Test
    void aSecondAttemptInThisProcessIsRefusedAndChangesNothing() throws Exception {
        try (StateDirLock held = StateDirLock.acquire(dir)) {
            assertEquals(dir, held.dir());
            FileTime modified = Files.getLastModifiedTime(file());
            StateDirException e = assertThrows(StateDirException.class, () -> StateDirLock.acquire(dir));
            assertEquals("state directory " + dir + " is already in use by this process (pid "
                    + ProcessHandle.current().pid() + ")", e.getMessage());
            assertEquals(PID, Files.readString(file()));
            assertEquals(modified, Files.getLastModifiedTime(file()));
            assertEquals(List.of(file()), list(dir));
        }
        StateDirLock.acquire(dir).close();
    }

    @Test
    void anotherNameForTheSameDirectoryIsRefusedToo() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolveSibling(dir.getFileName() + "-link"), dir);
        try (StateDirLock held = StateDirLock.acquire(dir)) {
            assertEquals(dir, held.dir());
            StateDirException e = assertThrows(StateDirException.class, () -> StateDirLock.acquire(link));
            assertTrue(e.getMessage().contains("already in use by this process"), e.getMessage());
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void closingTwiceDoesNotReleaseTheNextHoldersLock() throws Exception {
        StateDirLock first = StateDirLock.acquire(dir);
        first.close();
        try (StateDirLock second = StateDirLock.acquire(dir)) {
            assertEquals(dir, second.dir());
            first.close();
            assertThrows(StateDirException.class, () -> StateDirLock.acquire(dir));
        }
    }

    @Test
    void aFileLeftByAKilledProcessDoesNotBlock() throws Exception {
        Files.writeString(file(), "4194303\n"); // what kill -9 leaves: a pid, and no lock
        try (StateDirLock lock = StateDirLock.acquire(dir)) {
            assertEquals(dir, lock.dir());
            assertEquals(PID, Files.readString(file()), "the stale pid is replaced by ours");
        }
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        Path missing = dir.resolve("absent");
        StateDirException e = assertThrows(StateDirException.class, () -> StateDirLock.acquire(missing));
        assertTrue(e.getMessage().startsWith("state directory " + missing + ": cannot open its lock file: "),
                e.getMessage());
        assertTrue(Files.notExists(missing));
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
