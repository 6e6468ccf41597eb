package io.cjp2p.node.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * An object this node can serve: the file that holds it, and the size and modification time the
 * file had when its id was established. A file whose size or time differs now has changed since,
 * and is not served under this id ({@link #isCurrent}).
 */
public record HeldObject(String id, Path path, long size, long mtimeNanos) {

    /** The object in {@code file} as the file is now; {@code null} when it is no regular file. */
    static HeldObject of(String id, Path file) {
        BasicFileAttributes a = attributes(file);
        return a == null ? null : new HeldObject(id, file, a.size(), mtimeNanos(a));
    }

    /** Whether the file still has the size and time it had when hashed (one stat, no read). */
    public boolean isCurrent() {
        BasicFileAttributes a = attributes(path);
        return a != null && a.size() == size && mtimeNanos(a) == mtimeNanos;
    }

    static long mtimeNanos(BasicFileAttributes a) {
        return a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    /** The file's attributes without following a link; {@code null} unless it is a regular file. */
    static BasicFileAttributes attributes(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? a : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
