package io.cjp2p.node.download;

import io.cjp2p.codec.Content;
import io.cjp2p.codec.MaybeTheyHaveSome;
import io.cjp2p.codec.RawJson;
import io.cjp2p.node.content.ContentId;
import io.cjp2p.node.content.ContentStore;
import io.cjp2p.node.cookie.CookieCheckHandler;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The node's downloads: started by the command line, by {@code POST /get/<id>} or by a partial
 * object left in {@code incoming/} by an earlier run (resumed at start). Takes the Contents and
 * MaybeTheyHaveSome the dispatcher hands it, runs every download's timer on one event loop, and
 * does the slow file work (saving bitmaps, hashing the object as its blocks arrive in order, the
 * final check) on a thread of its own.
 */
public final class Downloads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);
    static final long TICK_MICROS = 5_000;
    /** The object is hashed as it arrives, in order, this much at a time: the check at the end then reads little. */
    static final long HASH_STEP_BYTES = 1 << 20;
    /** Sources taken from the peer table while a download has fewer than this many. */
    static final int WANTED_SOURCES = 4;
    private static final long PEER_SCAN_NANOS = 1_000_000_000L;
    /** Downloads at once; more are refused (each holds its block arrays and sockets' attention). */
    public static final int MAX_ACTIVE = 16;

    /** One download and what its callers wait for. */
    private static final class Entry {
        final Download download;
        final CompletableFuture<DownloadStatus> done = new CompletableFuture<>();
        final long giveUpNanos;
        long rateSampleNanos;
        long rateSampleBytes;
        volatile long bytesPerSecond;
        long lastPeerScanNanos;
        boolean verifying;
        /** A bitmap save is queued or running: the next waits, so a slow disk does not pile them up. */
        final java.util.concurrent.atomic.AtomicBoolean saving = new java.util.concurrent.atomic.AtomicBoolean();
        /** A stretch of the object is being hashed on the file thread: the next waits for it. */
        final java.util.concurrent.atomic.AtomicBoolean hashing = new java.util.concurrent.atomic.AtomicBoolean();

        Entry(Download download, long giveUpNanos, long now) {
            this.download = download;
            this.giveUpNanos = giveUpNanos;
            this.rateSampleNanos = now;
            this.lastPeerScanNanos = now;
        }
    }

    private final Path stateDir;
    private final BiConsumer<String, Path> completed;
    private final ConcurrentHashMap<String, Entry> active = new ConcurrentHashMap<>();
    private final ExecutorService files = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cjp2p-download-files");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong retiredBytes = new AtomicLong();
    private final AtomicLong retiredRetransmits = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<DownloadStatus> recent = new ArrayList<>();
    private volatile RequestSink sink;
    private volatile PeerTable peers;
    private ScheduledFuture<?> timer;

    /**
     * @param stateDir  where incoming/ and content/ are; {@code null}: this node does not download
     * @param completed told of every verified object (the share index, so the node serves it)
     */
    public Downloads(Path stateDir, BiConsumer<String, Path> completed) {
        this.stateDir = stateDir;
        this.completed = completed;
    }

    /** Whether an id is one this node can download: only SHA-256 ids, since the id is the only check of the data. */
    public static boolean validId(String id) {
        return id != null && ContentId.isSha256(id);
    }

    public boolean enabled() {
        return stateDir != null;
    }

    /** Starts sending through {@code channel} and the timer on its event loop. */
    public void attach(Channel channel, CookieValidator cookies, PeerTable peers) {
        attach(new ContentRequests(channel, cookies, peers), peers, channel);
    }

    void attach(RequestSink requests, PeerTable peerTable, Channel channel) {
        this.sink = requests;
        this.peers = peerTable;
        this.timer = channel.eventLoop().scheduleAtFixedRate(this::tick, TICK_MICROS, TICK_MICROS, TimeUnit.MICROSECONDS);
    }

    /**
     * Starts fetching {@code id} (or joins the download already running) from {@code from} and the
     * peers the node knows; the future completes when it is verified and in {@code content/}, or
     * failed (no progress for {@code giveUp}).
     */
    public CompletableFuture<DownloadStatus> start(String id, Collection<InetSocketAddress> from, Duration giveUp)
            throws IOException {
        if (!validId(id)) {
            throw new IllegalArgumentException("not a SHA-256 content id (64 lower-case hex digits): " + id);
        }
        if (stateDir == null || sink == null) {
            throw new IllegalStateException("this node keeps no state directory, so it cannot download");
        }
        long now = System.nanoTime();
        Entry e = active.get(id);
        if (e == null) {
            if (active.size() >= MAX_ACTIVE) {
                throw new IllegalStateException(MAX_ACTIVE + " downloads are running already");
            }
            Path held = stateDir.resolve(ContentStore.CONTENT_DIR).resolve(id);
            if (Files.isRegularFile(held)) {
                long size = Files.size(held);
                return CompletableFuture.completedFuture(
                        new DownloadStatus(id, Download.Phase.DONE, size, size, 0, 0, 0, 0, null));
            }
            Entry fresh = new Entry(new Download(id, PartialFile.open(stateDir, id), sink, now), giveUp.toNanos(), now);
            e = active.putIfAbsent(id, fresh);
            if (e == null) {
                e = fresh;
                LOG.info("download {} started{}", id, fresh.download.size() >= 0
                        ? " (resuming: " + fresh.download.bytesPresent() + " of " + fresh.download.size() + " bytes on disk)" : "");
            }
        }
        for (InetSocketAddress a : from) {
            e.download.addSource(a, now);
        }
        addPeers(e, now);
        return e.done;
    }

    /** Resumes every partial object an earlier run left in incoming/; returns how many. */
    public int resumePartials(Duration giveUp) {
        if (stateDir == null || !Files.isDirectory(stateDir.resolve(ContentStore.INCOMING_DIR))) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(stateDir.resolve(ContentStore.INCOMING_DIR), "*.bitmap")) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - ".bitmap".length());
                if (validId(id)) {
                    start(id, List.of(), giveUp);
                    n++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot resume the partial downloads in {}: {}", stateDir.resolve(ContentStore.INCOMING_DIR), e.getMessage());
        }
        return n;
    }

    /**
     * A Content from the dispatcher: returns whether it was for a running download. Its sender
     * becomes a source; the cookie it sent is kept to return, and whether it returned ours.
     */
    public boolean content(InetSocketAddress sender, Content c, RawJson theirCookie, boolean verified) {
        if (active.isEmpty()) {
            return false;
        }
        Entry e = active.get(c.id());
        if (e == null) {
            return false;
        }
        Source s = e.download.sourceFor(sender);
        if (s != null) {
            if (CookieCheckHandler.storable(theirCookie)) {
                s.cookie(theirCookie);
            }
            if (verified) {
                s.returnedOurs(true);
            }
        }
        long eof = c.eof() == null ? -1 : c.eof();
        if (e.download.content(sender, c.offset(), c.base64().asReadOnlyBuffer(), eof, System.nanoTime())) {
            verify(e);
        }
        return true;
    }

    /** A tracker's answer: every address it names becomes a source of that download. */
    public boolean maybeTheyHaveSome(MaybeTheyHaveSome m) {
        Entry e = active.isEmpty() ? null : active.get(m.id());
        if (e == null) {
            return false;
        }
        long now = System.nanoTime();
        for (InetSocketAddress a : m.peers()) {
            e.download.addSource(a, now);
        }
        return true;
    }

    private void tick() {
        long now = System.nanoTime();
        for (Entry e : active.values()) {
            try {
                tick(e, now);
            } catch (RuntimeException ex) {
                LOG.warn("download {} failed", e.download.id(), ex);
                e.download.abandon(String.valueOf(ex));
                retire(e);
            }
        }
    }

    private void tick(Entry e, long now) {
        Download d = e.download;
        // While a save runs, no new bitmap is taken: a slow disk must not pile them up.
        BlockBitmap toSave = d.tick(now, !e.saving.get());
        if (toSave != null && e.saving.compareAndSet(false, true)) {
            files.execute(() -> {
                try {
                    d.file().persist(toSave);
                } catch (IOException ex) {
                    d.ioFailed(ex);
                } finally {
                    e.saving.set(false);
                }
            });
        }
        if (d.phase() == Download.Phase.FETCHING && !e.hashing.get() && d.unhashedPrefixBytes() >= HASH_STEP_BYTES
                && e.hashing.compareAndSet(false, true)) {
            files.execute(() -> {
                try {
                    d.hashPrefix();
                } catch (IOException ex) {
                    LOG.debug("download {}: hashing ahead failed ({}); the final check reads it all", d.id(), ex.toString());
                } finally {
                    e.hashing.set(false);
                }
            });
        }
        if (now - e.rateSampleNanos >= 1_000_000_000L) {
            long bytes = d.bytesReceived();
            e.bytesPerSecond = (bytes - e.rateSampleBytes) * 1_000_000_000L / (now - e.rateSampleNanos);
            e.rateSampleBytes = bytes;
            e.rateSampleNanos = now;
        }
        if (now - e.lastPeerScanNanos >= PEER_SCAN_NANOS) {
            addPeers(e, now);
        }
        Download.Phase phase = d.phase();
        if ((phase == Download.Phase.SEARCHING || phase == Download.Phase.FETCHING)
                && now - d.lastProgressNanos() > e.giveUpNanos) {
            d.abandon(phase == Download.Phase.SEARCHING ? "no source had it" : "no source sent a block for "
                    + e.giveUpNanos / 1_000_000_000L + " s");
            phase = d.phase();
        }
        if (phase == Download.Phase.FAILED) {
            retire(e);
        }
    }

    /** Adds recently verified peers as sources while the download has few. */
    private void addPeers(Entry e, long now) {
        e.lastPeerScanNanos = now;
        PeerTable table = peers;
        if (table == null || e.download.activeSources() >= WANTED_SOURCES) {
            return;
        }
        int added = 0;
        for (PeerEntry p : table.handout()) {
            if (e.download.source(p.address()) == null) {
                e.download.addSource(p.address(), now);
                if (++added == 2 * WANTED_SOURCES) {
                    return;
                }
            }
        }
    }

    /** Hashes the finished object off the packet path; a match moves it into content/. */
    private void verify(Entry e) {
        synchronized (e) {
            if (e.verifying) {
                return;
            }
            e.verifying = true;
        }
        Download d = e.download;
        files.execute(() -> {
            try {
                d.file().flush();
                String hash = d.file().sha256();
                if (!hash.equals(d.id())) {
                    LOG.warn("download {}: the object hashed to {}; fetching again without the source to blame", d.id(), hash);
                    d.verified(false, System.nanoTime());
                } else {
                    // In place and served before it is reported done: whoever sees "done" can fetch it.
                    Path path = d.file().promote();
                    completed.accept(d.id(), path);
                    d.verified(true, System.nanoTime());
                    LOG.info("download {} verified: {} bytes in {}", d.id(), d.size(), path);
                    retire(e);
                }
            } catch (IOException | RuntimeException ex) {
                LOG.warn("download {} failed to verify: {}", d.id(), ex.toString());
                d.ioFailed(ex instanceof IOException io ? io : new IOException(ex));
                retire(e);
            } finally {
                synchronized (e) {
                    e.verifying = false;
                }
            }
        });
    }

    private void retire(Entry e) {
        if (!active.remove(e.download.id(), e)) {
            return;
        }
        Download d = e.download;
        retiredBytes.addAndGet(d.bytesReceived());
        retiredRetransmits.addAndGet(d.blocksRetransmitted());
        (d.phase() == Download.Phase.DONE ? finished : failed).incrementAndGet();
        try {
            d.file().close();
        } catch (IOException ex) {
            LOG.warn("download {}: cannot save its bitmap: {}", d.id(), ex.getMessage());
        }
        DownloadStatus status = status(e);
        synchronized (recent) {
            recent.add(status);
            if (recent.size() > 16) {
                recent.remove(0);
            }
        }
        if (d.phase() == Download.Phase.FAILED) {
            LOG.warn("download {} failed: {}", d.id(), d.failure());
        }
        if (LOG.isInfoEnabled()) {
            for (Source s : d.sources()) {
                LOG.info("download {} source {}: {} blocks, {} lost, window {}, srtt {} us, rto {} ms{}", d.id(), s.address(),
                        s.blocksDelivered(), s.losses(), String.format(java.util.Locale.ROOT, "%.1f", s.windowSize()),
                        s.srttNanos() / 1000, s.rtt.rtoNanos() / 1_000_000, s.dropped() ? ", dropped: " + s.dropReason : "");
            }
            LOG.info("download {}: {} timeouts, {} duplicates, {} retransmitted", d.id(), d.timeouts(), d.duplicates(),
                    d.blocksRetransmitted());
        }
        e.done.complete(status);
    }

    private static DownloadStatus status(Entry e) {
        Download d = e.download;
        int dropped = 0;
        for (Source s : d.sources()) {
            if (s.dropped()) {
                dropped++;
            }
        }
        return new DownloadStatus(d.id(), d.phase(), d.size(), d.bytesPresent(), e.bytesPerSecond, d.activeSources(),
                dropped, d.blocksRetransmitted(), d.failure());
    }

    /** The running downloads, then the last finished ones. */
    public List<DownloadStatus> statuses() {
        List<DownloadStatus> out = new ArrayList<>();
        for (Entry e : active.values()) {
            out.add(status(e));
        }
        synchronized (recent) {
            out.addAll(recent);
        }
        return out;
    }

    /** The status of one running download, or null. */
    public DownloadStatus status(String id) {
        Entry e = active.get(id);
        return e == null ? null : status(e);
    }

    /** The running download of {@code id}, or null (for tests and the command line's summary). */
    public Download download(String id) {
        Entry e = active.get(id);
        return e == null ? null : e.download;
    }

    public int activeCount() {
        return active.size();
    }

    /** New bytes received by every download since the start. */
    public long bytesReceived() {
        long n = retiredBytes.get();
        for (Entry e : active.values()) {
            n += e.download.bytesReceived();
        }
        return n;
    }

    public long blocksRetransmitted() {
        long n = retiredRetransmits.get();
        for (Entry e : active.values()) {
            n += e.download.blocksRetransmitted();
        }
        return n;
    }

    public long finishedCount() {
        return finished.get();
    }

    public long failedCount() {
        return failed.get();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.cancel(false);
        }
        for (Entry e : active.values()) {
            e.download.abandon("the node stopped");
            retire(e);
        }
        files.shutdown();
        try {
            files.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
