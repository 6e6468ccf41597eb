package io.cjp2p.node.download;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import io.cjp2p.node.support.BlockServer;
import io.cjp2p.node.support.LossyProxy;
import io.cjp2p.node.support.RandomObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real node downloads real files over loopback UDP from content servers that answer as the Rust
 * node does (cut replies and a cookie to an unverified requester, full blocks once it returns the
 * cookie). The object's size comes from {@code -Dcjp2p.download.it.mib} (default 256).
 */
class DownloadIT {
    static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    /** Size of the big objects, in bytes: a few bytes past whole MiB, so the last block is short. */
    static long bigSize() {
        return Long.getLong("cjp2p.download.it.mib", 256) * MIB + 1234;
    }

    /** Writes {@code size} random bytes to {@code file}; returns their SHA-256. */
    static String randomObject(Path file, long size, long seed) throws Exception {
        return RandomObject.write(file, size, seed);
    }

    private Node downloader(Path state) throws Exception {
        return Node.start(NodeConfig.loopback().limits(LimitsConfig.OFF).stateDir(state).build());
    }

    /** Per-source figures for the test's output: what the windows did. */
    static String describe(Download d) {
        StringBuilder b = new StringBuilder("timeouts " + d.timeouts() + ", duplicates " + d.duplicates());
        for (Source s : d.sources()) {
            b.append(String.format("%n  %s: %d blocks, %d lost, window %.1f, srtt %d us", s.address(), s.blocksDelivered(),
                    s.losses(), s.windowSize(), s.srttNanos() / 1000));
        }
        return b.toString();
    }

    private static void assertSameFile(Path expected, Path actual) throws IOException {
        assertEquals(Files.size(expected), Files.size(actual));
        assertEquals(-1L, Files.mismatch(expected, actual), "content differs");
    }

    @Test
    void fetchesFromOneServerThroughTheCookieExchange() throws Exception {
        Path object = dir.resolve("object");
        long size = 3 * MIB + 77;
        String id = randomObject(object, size, 1);
        try (BlockServer a = new BlockServer(id, object); Node b = downloader(dir.resolve("b"))) {
            DownloadStatus s = b.downloads().start(id, List.of(a.address()), Duration.ofSeconds(20))
                    .get(60, TimeUnit.SECONDS);
            assertEquals(Download.Phase.DONE, s.phase(), String.valueOf(s.failure()));
            assertSameFile(object, dir.resolve("b").resolve("content").resolve(id));
            assertFalse(Files.exists(dir.resolve("b").resolve("incoming").resolve(id + ".bitmap")));
            long blocks = BlockBitmap.blocksOf(size);
            // full blocks only after the cookie: no block was sent twice or more, bar a few retries
            assertTrue(a.fullBlocksSent.get() >= blocks && a.fullBlocksSent.get() < blocks + blocks / 20,
                    a.fullBlocksSent.get() + " full blocks for " + blocks);
            assertEquals(size, b.downloads().bytesReceived());
        }
    }

    @Test
    void fetchesFromThreeServersAtOnce() throws Exception {
        Path object = dir.resolve("object");
        long size = bigSize();
        String id = randomObject(object, size, 2);
        try (BlockServer a = new BlockServer(id, object); BlockServer c = new BlockServer(id, object);
             BlockServer d = new BlockServer(id, object); Node b = downloader(dir.resolve("b"))) {
            long t0 = System.nanoTime();
            var future = b.downloads().start(id, List.of(a.address(), c.address(), d.address()), Duration.ofSeconds(20));
            Download running = b.downloads().download(id);
            DownloadStatus s = future.get(120, TimeUnit.SECONDS);
            System.out.println(describe(running));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(Download.Phase.DONE, s.phase(), String.valueOf(s.failure()));
            assertSameFile(object, dir.resolve("b").resolve("content").resolve(id));
            long blocks = BlockBitmap.blocksOf(size);
            for (BlockServer server : List.of(a, c, d)) {
                assertTrue(server.fullBlocksSent.get() > blocks / 20, "every server took a share: "
                        + a.fullBlocksSent + " " + c.fullBlocksSent + " " + d.fullBlocksSent);
            }
            System.out.printf("three sources: %d MiB in %.1f s (%.1f MiB/s)%n", size / MIB, seconds, size / MIB / seconds);
        }
    }

    @Test
    void fetchesThroughFivePercentLoss() throws Exception {
        Path object = dir.resolve("object");
        long size = bigSize();
        String id = randomObject(object, size, 3);
        try (BlockServer a = new BlockServer(id, object); LossyProxy proxy = new LossyProxy(a.address(), 0.05);
             Node b = downloader(dir.resolve("b"))) {
            long t0 = System.nanoTime();
            var future = b.downloads().start(id, List.of(proxy.address()), Duration.ofSeconds(20));
            Download running = b.downloads().download(id);
            DownloadStatus s = future.get(180, TimeUnit.SECONDS);
            System.out.println(describe(running));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(Download.Phase.DONE, s.phase(), String.valueOf(s.failure()));
            assertSameFile(object, dir.resolve("b").resolve("content").resolve(id));
            assertTrue(proxy.dropped.get() > 1000, "the proxy dropped " + proxy.dropped);
            assertTrue(b.downloads().blocksRetransmitted() >= proxy.dropped.get() / 2,
                    "lost blocks were asked again: " + b.downloads().blocksRetransmitted() + " for " + proxy.dropped + " drops");
            System.out.printf("5%% loss: %d MiB in %.1f s (%.1f MiB/s), %d dropped, %d retransmitted%n", size / MIB,
                    seconds, size / MIB / seconds, proxy.dropped.get(), b.downloads().blocksRetransmitted());
        }
    }

    @Test
    void aLyingServerIsDroppedAndTheOthersFinish() throws Exception {
        Path object = dir.resolve("object");
        long size = 8 * MIB + 5;
        String id = randomObject(object, size, 4);
        try (BlockServer good1 = new BlockServer(id, object); BlockServer liar = new BlockServer(id, object);
             BlockServer good2 = new BlockServer(id, object); Node b = downloader(dir.resolve("b"))) {
            liar.corrupt = true;
            DownloadStatus s = b.downloads().start(id, List.of(good1.address(), liar.address(), good2.address()),
                    Duration.ofSeconds(20)).get(120, TimeUnit.SECONDS);
            assertEquals(Download.Phase.DONE, s.phase(), String.valueOf(s.failure()));
            assertSameFile(object, dir.resolve("b").resolve("content").resolve(id));
            assertEquals(1, s.dropped(), "the liar, and only it, was dropped");
        }
    }

    @Test
    void followsMaybeTheyHaveSomeToAHolder() throws Exception {
        Path object = dir.resolve("object");
        Path other = dir.resolve("other");
        String id = randomObject(object, MIB, 5);
        String otherId = randomObject(other, 1000, 6);
        try (BlockServer holder = new BlockServer(id, object);
             BlockServer tracker = new BlockServer(otherId, other).tracker(holder.address());
             Node b = downloader(dir.resolve("b"))) {
            DownloadStatus s = b.downloads().start(id, List.of(tracker.address()), Duration.ofSeconds(20))
                    .get(60, TimeUnit.SECONDS);
            assertEquals(Download.Phase.DONE, s.phase(), String.valueOf(s.failure()));
            assertTrue(tracker.requests.get() >= 1);
            assertTrue(holder.fullBlocksSent.get() >= BlockBitmap.blocksOf(MIB));
        }
    }

    @Test
    void noSourceMeansFailureAfterTheGiveUpTime() throws Exception {
        try (Node b = downloader(dir.resolve("b"))) {
            String id = "ab".repeat(32);
            InetSocketAddress nobody = new InetSocketAddress("127.0.0.1", 9); // discard: nothing answers
            DownloadStatus s = b.downloads().start(id, List.of(nobody), Duration.ofSeconds(1)).get(30, TimeUnit.SECONDS);
            assertEquals(Download.Phase.FAILED, s.phase());
            assertEquals("no source had it", s.failure());
        }
    }
}
