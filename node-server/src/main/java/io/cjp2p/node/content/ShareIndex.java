package io.cjp2p.node.content;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this node serves, by id: the files under the shared directories, indexed by the SHA-256 of
 * their content, and the objects of the node's own store ({@code content/<id>}, verified before they
 * were put there, so taken by name).
 *
 * <p>A background thread walks the directories (at start, then every refresh period), hashes files
 * it has not seen with this size and modification time, and drops files that vanished. The result
 * is cached in {@code share-index.json} so a restart does not hash again. {@link #lookup} checks the
 * file's size and time again with one stat, so a file changed since it was hashed is never served
 * under its old id. Only regular files are taken; links are not followed, so nothing outside the
 * shared directories and the store is read.
 *
 * <p>Thread-safe: lookups come from every event loop and the HTTP listener, {@link #added} from the
 * downloader.
 */
public final class ShareIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShareIndex.class);
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int HASH_BUFFER = 1 << 20;

    private final List<Path> shareDirs;
    private final Path storeDir;
    private final Path cacheFile;
    private final ConcurrentHashMap<String, HeldObject> byId = new ConcurrentHashMap<>();
    /** The shared files as last hashed, by path; only the scanning thread replaces it. */
    private volatile Map<Path, HeldObject> hashed = Map.of();
    private final AtomicLong bytesHashed = new AtomicLong();
    private final AtomicLong scans = new AtomicLong();
    private ScheduledExecutorService scanner;

    /**
     * @param shareDirs the directories shared with {@code --share}
     * @param storeDir  the node's {@code content/} directory, or {@code null} for none
     * @param cacheFile where the index is cached between runs, or {@code null} for no cache
     */
    public ShareIndex(List<Path> shareDirs, Path storeDir, Path cacheFile) {
        this.shareDirs = shareDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.storeDir = storeDir;
        this.cacheFile = cacheFile;
        loadCache(); // what the cache still vouches for is served at once
    }

    /** Scans in the background now and then every {@code refresh}. */
    public ShareIndex start(Duration refresh) {
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "share-index");
            t.setDaemon(true);
            return t;
        });
        scanner.scheduleWithFixedDelay(this::scanQuietly, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * The object with this id, if held and its file unchanged since it was hashed; {@code null}
     * otherwise (an id that is not {@link ContentId#isSha256} included).
     */
    public HeldObject lookup(String id) {
        if (!ContentId.isSha256(id)) {
            return null;
        }
        HeldObject h = byId.get(id);
        if (h == null) {
            return null;
        }
        if (!h.isCurrent()) {
            byId.remove(id, h); // the next scan hashes the file again, or finds another copy
            return null;
        }
        return h;
    }

    /**
     * A verified object has just been put at {@code file} (normally {@code content/<id>}, by an atomic
     * rename): serve it from now on. Thread-safe.
     */
    public void added(String id, Path file) {
        if (!ContentId.isSha256(id)) {
            throw new IllegalArgumentException("not a sha256 id: " + id);
        }
        HeldObject h = HeldObject.of(id, file);
        if (h != null) {
            byId.put(id, h);
        }
    }

    /** Up to {@code max} held objects, in no particular order. */
    public List<HeldObject> list(int max) {
        List<HeldObject> out = new ArrayList<>(Math.min(max, byId.size()));
        for (HeldObject h : byId.values()) {
            if (out.size() >= max) {
                break;
            }
            out.add(h);
        }
        return out;
    }

    /** How many objects are held. */
    public int size() {
        return byId.size();
    }

    /** Bytes hashed since start (a restart with a good cache hashes none). */
    public long bytesHashed() {
        return bytesHashed.get();
    }

    /** Completed scans since start. */
    public long scans() {
        return scans.get();
    }

    @Override
    public void close() {
        if (scanner != null) {
            scanner.shutdownNow();
        }
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.warn("share index: scan failed", e);
        }
    }

    /** One pass over the directories and the store; runs on the scanner thread, or a test's. */
    public synchronized void scan() {
        long start = System.nanoTime();
        Map<Path, HeldObject> known = hashed;
        Map<Path, HeldObject> fresh = new HashMap<>();
        Progress progress = new Progress(start);
        for (Path dir : shareDirs) {
            walk(dir, known, fresh, progress);
        }
        List<HeldObject> found = new ArrayList<>(fresh.values());
        if (storeDir != null) {
            found.addAll(storeObjects());
        }
        byId.values().removeIf(h -> !h.isCurrent());
        for (HeldObject h : found) {
            byId.putIfAbsent(h.id(), h);
        }
        hashed = Map.copyOf(fresh);
        if (!fresh.equals(known)) {
            saveCache(fresh);
        }
        scans.incrementAndGet();
        if (progress.files > 0) {
            LOG.info("share index: {} objects held, {} files in {} shared director{}; hashed {} files ({} MiB) in {} ms",
                    byId.size(), fresh.size(), shareDirs.size(), shareDirs.size() == 1 ? "y" : "ies", progress.files,
                    progress.bytes >> 20, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private void walk(Path dir, Map<Path, HeldObject> known, Map<Path, HeldObject> fresh, Progress progress) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                    if (!a.isRegularFile()) {
                        return FileVisitResult.CONTINUE; // links are not followed: nothing outside the tree
                    }
                    long mtime = HeldObject.mtimeNanos(a);
                    HeldObject prior = known.get(file);
                    if (prior != null && prior.size() == a.size() && prior.mtimeNanos() == mtime) {
                        fresh.put(file, prior);
                    } else {
                        HeldObject h = hash(file, a.size(), mtime, progress);
                        if (h != null) {
                            fresh.put(file, h);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable: not shared
                }
            });
        } catch (IOException e) {
            LOG.warn("share index: cannot read {}: {}", dir, e.toString());
        }
    }

    /** The object in {@code file}, or {@code null} when it cannot be read or changed while it was hashed. */
    private HeldObject hash(Path file, long size, long mtime, Progress progress) {
        MessageDigest sha256 = sha256();
        ByteBuffer buffer = progress.buffer;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            buffer.clear();
            while (ch.read(buffer) >= 0) {
                buffer.flip();
                bytesHashed.addAndGet(buffer.remaining());
                progress.bytes += buffer.remaining();
                sha256.update(buffer);
                buffer.clear();
                progress.maybeLog(file);
            }
        } catch (IOException e) {
            return null;
        }
        progress.files++;
        HeldObject h = new HeldObject(HexFormat.of().formatHex(sha256.digest()), file, size, mtime);
        return h.isCurrent() ? h : null; // written to while we read: hashed again next time
    }

    /** The store's objects, by name: they were verified before they were renamed there. */
    private List<HeldObject> storeObjects() {
        List<HeldObject> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(storeDir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (ContentId.isSha256(name)) {
                    HeldObject h = HeldObject.of(name, f);
                    if (h != null) {
                        out.add(h);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // no store yet
        } catch (IOException e) {
            LOG.warn("share index: cannot read {}: {}", storeDir, e.toString());
        }
        return out;
    }

    private void loadCache() {
        if (cacheFile == null || !Files.exists(cacheFile)) {
            return;
        }
        Map<Path, HeldObject> known = new HashMap<>();
        try {
            for (HeldObject h : ShareIndexFile.read(cacheFile)) {
                // A path outside today's shared directories is not shared any more.
                if (isShared(h.path()) && h.isCurrent()) {
                    known.put(h.path(), h);
                    byId.putIfAbsent(h.id(), h);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("share index: ignoring {} ({}); the shared files are hashed again", cacheFile, e.toString());
            return;
        }
        hashed = Map.copyOf(known);
        LOG.info("share index: {} files known from {}", known.size(), cacheFile);
    }

    private boolean isShared(Path file) {
        for (Path dir : shareDirs) {
            if (file.startsWith(dir)) {
                return true;
            }
        }
        return false;
    }

    private void saveCache(Map<Path, HeldObject> entries) {
        if (cacheFile == null) {
            return;
        }
        try {
            ShareIndexFile.write(cacheFile, new ArrayList<>(entries.values()));
        } catch (IOException e) {
            LOG.warn("share index: cannot write {}: {}", cacheFile, e.toString());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** A scan's hashing so far, for the progress line of a large tree. */
    private static final class Progress {
        final ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER);
        long files;
        long bytes;
        long lastLog;

        Progress(long start) {
            lastLog = start;
        }

        void maybeLog(Path current) {
            long now = System.nanoTime();
            if (now - lastLog >= PROGRESS_NANOS) {
                lastLog = now;
                LOG.info("share index: hashing, {} files ({} MiB) so far, now {}", files, bytes >> 20, current);
            }
        }
    }
}
