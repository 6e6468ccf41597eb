package io.cjp2p.node.state;

import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RememberedPeers;
import io.cjp2p.node.peer.SavedPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Keeps the peer table in the state directory ({@link PeerFile}). At start the peers of the last run
 * become candidates to re-verify ({@link PeerTable#remember}); while the node runs the table is saved
 * every interval on a thread of its own (a save writes and fsyncs a file, which no event loop should
 * wait for), and once more at close, so a clean stop loses nothing and a crash at most one interval.
 *
 * <p>A peer file that cannot be used is never fatal: it is logged, renamed aside (for whoever wants
 * to look at it) and the node starts without saved peers.
 */
public final class PeerStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerStore.class);
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final PeerTable table;
    private final ScheduledExecutorService saver;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PeerStore(Path file, PeerTable table, Duration interval) {
        this.file = file;
        this.table = table;
        this.saver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cjp2p-peer-file");
            t.setDaemon(true);
            return t;
        });
        long nanos = interval.toNanos();
        saver.scheduleWithFixedDelay(this::save, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** The peer file of {@code stateDir}. */
    public static Path fileIn(Path stateDir) {
        return stateDir.resolve(PeerFile.FILE_NAME);
    }

    /**
     * Hands the peers saved in {@code stateDir} that {@code reachable} accepts (our sockets can send to
     * them) to {@code table} as candidates to re-verify. Leftover temporary files of a save that a
     * crash interrupted are deleted first.
     *
     * @return how many the table took
     */
    public static int load(Path stateDir, PeerTable table, Predicate<InetSocketAddress> reachable) {
        Path file = fileIn(stateDir);
        deleteLeftovers(stateDir);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            LOG.info("no saved peers in {} (a first start)", file);
            return 0;
        }
        PeerFile.Contents contents;
        try {
            contents = PeerFile.read(file, table.capacity());
        } catch (PeerFileException e) {
            return setAside(file, e.getMessage());
        } catch (IOException e) {
            return setAside(file, "cannot be read (" + e + ")");
        }
        long now = System.currentTimeMillis();
        List<SavedPeer> usable = contents.peers().stream()
                .filter(p -> now - p.lastVerifiedMillis() <= RememberedPeers.KEEP_MILLIS)
                .filter(p -> reachable.test(p.address()))
                .toList();
        int taken = table.remember(usable);
        LOG.info("{} saved peer{} from {} to verify again{}{}{}", taken, taken == 1 ? "" : "s", file,
                contents.skipped() == 0 ? "" : "; " + contents.skipped() + " malformed entries skipped",
                contents.truncated() ? "; entries beyond " + table.capacity() + " (--max-peers) left unread" : "",
                contents.peers().size() == taken ? ""
                        : "; " + (contents.peers().size() - taken) + " too old, unreachable from our socket or duplicate");
        return taken;
    }

    /** Logs why {@code file} is unusable and renames it aside; returns 0, the peers taken from it. */
    private static int setAside(Path file, String problem) {
        Path aside = file.resolveSibling(file.getFileName() + ".bad-" + ASIDE_STAMP.format(Instant.now()));
        try {
            Files.move(file, aside);
            LOG.warn("peer file {} {}: moved aside to {}; starting without saved peers", file, problem, aside.getFileName());
        } catch (IOException e) {
            LOG.warn("peer file {} {}, and cannot be moved aside ({}); starting without saved peers", file, problem,
                    e.toString());
        }
        return 0;
    }

    private static void deleteLeftovers(Path stateDir) {
        if (!Files.isDirectory(stateDir)) {
            return;
        }
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(stateDir, PeerFile.FILE_NAME + ".*.tmp")) {
            for (Path t : temps) {
                Files.deleteIfExists(t);
                LOG.info("deleted {}, left by a save that did not finish", t.getFileName());
            }
        } catch (IOException e) {
            LOG.warn("cannot clean up temporary files in {}: {}", stateDir, e.toString());
        }
    }

    /** Saves {@code table} in {@code stateDir} every {@code interval} from now on, and at {@link #close()}. */
    public static PeerStore start(Path stateDir, PeerTable table, Duration interval) {
        return new PeerStore(fileIn(stateDir), table, interval);
    }

    /**
     * Saves the table now: its entries, and the remembered peers that have not answered yet (those
     * last verified too long ago are given up here).
     *
     * @return how many peers were saved, or -1 when the file could not be written (logged)
     */
    public int save() {
        try {
            long nowMillis = System.currentTimeMillis();
            long nowNanos = System.nanoTime();
            table.remembered().expire(nowMillis);
            List<SavedPeer> peers = table.toSave(nowNanos, nowMillis);
            PeerFile.write(file, peers);
            LOG.debug("saved {} peers to {}", peers.size(), file);
            return peers.size();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot save the peers to {}: {}", file, e.toString());
            return -1;
        }
    }

    /** Stops the periodic saves and saves once more; the caller has stopped the table's changes. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        saver.shutdown();
        try {
            if (!saver.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("a periodic save of {} is still running; saving again all the same", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int saved = save();
        if (saved >= 0) {
            LOG.info("saved {} peer{} to {}", saved, saved == 1 ? "" : "s", file);
        }
    }
}
