package io.cjp2p.loadtest;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.content.ContentCounters;
import io.cjp2p.node.content.ContentTracker;
import io.cjp2p.node.runtime.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The content scenarios against a sharing node on loopback: verified block requests are served
 * and match; a flood of requests for invented ids from many sources leaves the tracker within its
 * bound while the node keeps serving.
 */
class ContentFloodIT {
    private static Node node;
    private static String id;

    @BeforeAll
    static void start() throws Exception {
        Path share = Files.createTempDirectory("flood-share");
        byte[] data = new byte[1 << 20];
        new Random(11).nextBytes(data);
        Files.write(share.resolve("object"), data);
        id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        // Limits off, as an operator load-tests serving; the flood scenario is about the tracker's bound.
        node = Node.start(NodeConfig.loopback().limits(LimitsConfig.OFF).shareDirs(List.of(share)).build());
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (node.content().index().lookup(id) == null) {
            assertTrue(System.nanoTime() < deadline, "indexed");
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static Report flood(Scenario scenario, int sockets, int seconds) throws Exception {
        FloodSettings s = new FloodSettings(node.localAddress(), scenario, seconds, 1, sockets, 8, 0, 1000, false, 0,
                false, 0, id, FloodSettings.DEFAULT_CONTENT_BLOCKS);
        Report r = new Flooder(s, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
        System.out.println(r.text());
        return r;
    }

    @Test
    void verifiedBlockRequestsAreServed() throws Exception {
        ContentCounters c = node.content().counters();
        long before = c.blocksServed(true);
        Report r = flood(Scenario.CONTENT, 2, 2);
        assertTrue(r.replies() > 0, r.text());
        assertEquals(0, r.badReplies(), "every reply had Content, our cookie and the matching echo: " + r.text());
        assertTrue(c.blocksServed(true) - before >= r.replies(), "one block per reply");
    }

    @Test
    void aFloodOfInventedIdsLeavesTheTrackerBounded() throws Exception {
        ContentCounters c = node.content().counters();
        long missesBefore = c.misses();
        Report r = flood(Scenario.CONTENT_FLOOD, 64, 3);
        long misses = c.misses() - missesBefore;
        ContentTracker t = node.content().tracker();
        assertTrue(r.replies() > 0, "the echo in each request is answered: " + r.text());
        assertEquals(0, r.badReplies(), r.text());
        assertTrue(misses > 2L * ContentTracker.ID_SLOTS, "the flood outgrew the table: " + misses + " invented ids");
        assertTrue(t.size(System.nanoTime()) <= ContentTracker.ID_SLOTS, "ids " + t.size(System.nanoTime()));
        assertTrue(t.sourceCount() <= 2 * ContentTracker.ID_SLOTS, "sources held " + t.sourceCount());
        // The node still serves a downloader afterwards.
        Report after = flood(Scenario.CONTENT, 1, 1);
        assertTrue(after.replies() > 0 && after.badReplies() == 0, after.text());
    }
}
