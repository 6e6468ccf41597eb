package io.cjp2p.node.download;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import io.cjp2p.node.support.LossyProxy;
import io.cjp2p.node.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.cjp2p.node.download.DownloadIT.MIB;
import static io.cjp2p.node.download.DownloadIT.bigSize;
import static io.cjp2p.node.download.DownloadIT.describe;
import static io.cjp2p.node.download.DownloadIT.randomObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our nodes on both ends: nodes started with a shared directory serve, another downloads, over real
 * loopback UDP. Limits are off on all of them: with the defaults a verified downloader gets 256 KiB/s
 * (docs/operating.md, Sharing files), which would make a 256 MiB test take minutes.
 */
class NodeDownloadIT {
    @TempDir
    Path dir;

    private Node sharer(Path share, String name) throws Exception {
        return Node.start(NodeConfig.loopback().limits(LimitsConfig.OFF).shareDirs(List.of(share))
                .stateDir(dir.resolve(name)).build());
    }

    private static void awaitIndexed(Node n, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (n.content().index().lookup(id) == null) {
            assertTrue(System.nanoTime() < deadline, "indexed within 60 s");
            Thread.sleep(20);
        }
    }

    @Test
    void bDownloadsWhatASharesThenServesItItself() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share"));
        long size = 4 * MIB + 321;
        String id = randomObject(share.resolve("file.bin"), size, 31);
        try (Node a = sharer(share, "a");
             Node b = Node.start(NodeConfig.loopback().limits(LimitsConfig.OFF).stateDir(dir.resolve("b")).build());
             Node c = Node.start(NodeConfig.loopback().limits(LimitsConfig.OFF).stateDir(dir.resolve("c")).build())) {
            awaitIndexed(a, id);
            DownloadStatus s = b.downloads().start(id, List.of(a.localAddress()), Duration.ofSeconds(20))
                    .get(60, TimeUnit.SECONDS);
            assertEquals(Download.Phase.DONE, s.phase(), String.valueOf(s.failure()));
            assertEquals(-1L, Files.mismatch(share.resolve("file.bin"), dir.resolve("b").resolve("content").resolve(id)));
            assertTrue(b.content().index().lookup(id) != null, "B now offers what it fetched");
            // and C can fetch it from B alone
            DownloadStatus fromB = c.downloads().start(id, List.of(b.localAddress()), Duration.ofSeconds(20))
                    .get(60, TimeUnit.SECONDS);
            assertEquals(Download.Phase.DONE, fromB.phase(), String.valueOf(fromB.failure()));
            long served = b.content().counters().bytesServed(true) + b.content().counters().bytesServed(false);
            assertTrue(served >= size && served < size + size / 5, "B served " + served + " bytes of " + size
                    + " (a few blocks twice: retransmissions)");
        }
    }

    @Test
    void threeSharingNodesServeOneDownloaderAtOnce() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share"));
        long size = bigSize();
        String id = randomObject(share.resolve("big.bin"), size, 32);
        try (Node a1 = sharer(share, "a1"); Node a2 = sharer(share, "a2"); Node a3 = sharer(share, "a3");
             Node b = Node.start(NodeConfig.loopback().limits(LimitsConfig.OFF).stateDir(dir.resolve("b")).build())) {
            for (Node a : List.of(a1, a2, a3)) {
                awaitIndexed(a, id);
            }
            long t0 = System.nanoTime();
            var future = b.downloads().start(id, List.of(a1.localAddress(), a2.localAddress(), a3.localAddress()),
                    Duration.ofSeconds(30));
            Download running = b.downloads().download(id);
            DownloadStatus s = future.get(300, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.println(describe(running));
            assertEquals(Download.Phase.DONE, s.phase(), String.valueOf(s.failure()));
            assertEquals(-1L, Files.mismatch(share.resolve("big.bin"), dir.resolve("b").resolve("content").resolve(id)));
            for (Source src : running.sources()) {
                assertTrue(src.blocksDelivered() > BlockBitmap.blocksOf(size) / 20,
                        "every node served a share: " + describe(running));
            }
            System.out.printf("three nodes: %d MiB in %.1f s (%.1f MiB/s)%n", size / MIB, seconds, size / MIB / seconds);
        }
    }

    @Test
    void throughFivePercentLossBetweenTwoNodes() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share"));
        long size = bigSize();
        String id = randomObject(share.resolve("big.bin"), size, 33);
        try (Node a = sharer(share, "a"); LossyProxy proxy = new LossyProxy(a.localAddress(), 0.05);
             Node b = Node.start(NodeConfig.loopback().limits(LimitsConfig.OFF).stateDir(dir.resolve("b")).build())) {
            awaitIndexed(a, id);
            long t0 = System.nanoTime();
            var future = b.downloads().start(id, List.of(proxy.address()), Duration.ofSeconds(30));
            Download running = b.downloads().download(id);
            DownloadStatus s = future.get(300, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.println(describe(running));
            assertEquals(Download.Phase.DONE, s.phase(), String.valueOf(s.failure()));
            assertEquals(-1L, Files.mismatch(share.resolve("big.bin"), dir.resolve("b").resolve("content").resolve(id)));
            assertTrue(proxy.dropped.get() > 100, "dropped " + proxy.dropped);
            assertTrue(s.retransmitted() > 0);
            System.out.printf("two nodes, 5%% loss: %d MiB in %.1f s (%.1f MiB/s), %d dropped, %d retransmitted%n",
                    size / MIB, seconds, size / MIB / seconds, proxy.dropped.get(), s.retransmitted());
        }
    }

    @Test
    void postGetQueuesADownloadShownInStatusAndMetrics() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share"));
        long size = 16 * MIB + 9; // at 500 datagrams/s (the default verified limit) this would take 30 s
        String id = randomObject(share.resolve("f.bin"), size, 34);
        try (Node a = sharer(share, "a");
             // B keeps the default abuse limits: its download's answers pass them (PeerEntry.expectReply)
             RunningNode b = new RunningNode(NodeConfig.loopback()
                     .bootstrap(List.of(a.localAddress())).stateDir(dir.resolve("b")).build())) {
            awaitIndexed(a, id);
            // B knows A only as a peer (its bootstrap): the download finds it there.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!handsOut(b.node, a.localAddress())) {
                assertTrue(System.nanoTime() < deadline, "B verified A");
                Thread.sleep(50);
            }
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(b.httpBase() + "/get/" + id))
                    .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, foreign.statusCode(), foreign.body());
            assertEquals(0, b.node.downloads().activeCount());
            HttpResponse<String> bad = b.get("/get/not-an-id", "POST");
            assertEquals(400, bad.statusCode(), bad.body());
            HttpResponse<String> queued = b.get("/get/" + id, "POST");
            assertEquals(202, queued.statusCode(), queued.body());
            deadline = System.nanoTime() + 60_000_000_000L;
            String status;
            do {
                assertTrue(System.nanoTime() < deadline, "done within 60 s");
                Thread.sleep(50);
                status = b.get("/status.json", "GET").body();
            } while (!status.contains("\"state\":\"done\""));
            assertTrue(status.contains("\"id\":\"" + id + "\""), status);
            assertEquals(-1L, Files.mismatch(share.resolve("f.bin"), dir.resolve("b").resolve("content").resolve(id)));
            // "done" is shown once the file is in place; the download leaves the active set just after.
            while (b.node.downloads().activeCount() != 0) {
                assertTrue(System.nanoTime() < deadline, "retired within 60 s");
                Thread.sleep(10);
            }
            Map<String, Double> m = b.scrape();
            assertEquals((double) size, m.get("cjp2p_download_received_bytes_total"), m.toString());
            assertEquals(0.0, m.get("cjp2p_downloads_active"));
            assertEquals(1.0, m.get("cjp2p_downloads_ended_total{result=\"verified\"}"));
        }
    }

    private static boolean handsOut(Node n, InetSocketAddress peer) {
        for (var e : n.peers().handout()) {
            if (e.address().equals(peer)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aPartialDownloadIsResumedWhenTheNodeStartsAgain() throws Exception {
        Path share = Files.createDirectories(dir.resolve("share"));
        long size = 64 * MIB;
        String id = randomObject(share.resolve("f.bin"), size, 35);
        Path bState = dir.resolve("b");
        long present;
        try (Node a = sharer(share, "a")) {
            awaitIndexed(a, id);
            try (Node b = Node.start(NodeConfig.loopback().limits(LimitsConfig.OFF).stateDir(bState).build())) {
                b.downloads().start(id, List.of(a.localAddress()), Duration.ofSeconds(30));
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (b.downloads().status(id) == null || b.downloads().status(id).present() < size / 8) {
                    assertTrue(System.nanoTime() < deadline && b.downloads().status(id) != null, "progress");
                    Thread.sleep(5);
                }
            } // closed mid-way: the bitmap is saved
            BlockBitmap saved = BlockBitmap.load(bState.resolve("incoming").resolve(id + ".bitmap"));
            present = saved.bytesPresent();
            assertTrue(present > 0, "saved " + present);
            if (present == size) {
                return; // finished before the close on a fast machine: nothing left to resume
            }
            try (Node b = Node.start(NodeConfig.loopback().limits(LimitsConfig.OFF).stateDir(bState).build())) {
                assertEquals(1, b.resumeDownloads(), "as NodeRunner does at start");
                DownloadStatus resumed = b.downloads().status(id);
                assertTrue(resumed != null, "resumed at start");
                assertTrue(resumed.present() >= present, resumed + " vs " + present);
                List<InetSocketAddress> from = new ArrayList<>(List.of(a.localAddress()));
                DownloadStatus s = b.downloads().start(id, from, Duration.ofSeconds(30)).get(120, TimeUnit.SECONDS);
                assertEquals(Download.Phase.DONE, s.phase(), String.valueOf(s.failure()));
                assertEquals(size - present, b.downloads().bytesReceived(), "only the missing part was fetched");
            }
        }
    }
}
