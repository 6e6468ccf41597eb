package io.cjp2p.node.content;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index over real directories: hashing, change detection, the cache, the store. */
class ShareIndexTest {
    @TempDir
    Path tmp;

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void filesAreFoundByTheirSha256AndChangesAreSeen() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Path sub = Files.createDirectories(share.resolve("a/b"));
        Files.write(share.resolve("hi.txt"), bytes("hi"));
        Files.write(sub.resolve("deep.bin"), bytes("deep down"));
        ShareIndex index = new ShareIndex(List.of(share), null, null);
        index.scan();
        // PROTOCOL.md 5.15's example object
        assertEquals("8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4", sha256(bytes("hi")));
        HeldObject hi = index.lookup(sha256(bytes("hi")));
        assertNotNull(hi);
        assertEquals(2, hi.size());
        assertNotNull(index.lookup(sha256(bytes("deep down"))));
        assertEquals(2, index.size());

        // Changed: never served under its old id, even before the next scan.
        Files.write(share.resolve("hi.txt"), bytes("hello"));
        Files.setLastModifiedTime(share.resolve("hi.txt"), FileTime.from(Instant.now().plusSeconds(5)));
        assertNull(index.lookup(sha256(bytes("hi"))));
        index.scan();
        assertNotNull(index.lookup(sha256(bytes("hello"))));
        assertNull(index.lookup(sha256(bytes("hi"))));

        // Vanished, appeared.
        Files.delete(sub.resolve("deep.bin"));
        Files.write(share.resolve("new"), bytes("new"));
        index.scan();
        assertNull(index.lookup(sha256(bytes("deep down"))));
        assertNotNull(index.lookup(sha256(bytes("new"))));
        assertEquals(2, index.size());
    }

    @Test
    void aRestartTakesTheCacheAndHashesNothingAgain() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        byte[] big = new byte[3 << 20];
        new java.util.Random(7).nextBytes(big);
        Files.write(share.resolve("big"), big);
        Files.write(share.resolve("small"), bytes("small"));
        Path cache = tmp.resolve(ShareIndexFile.FILE_NAME);
        ShareIndex first = new ShareIndex(List.of(share), null, cache);
        first.scan();
        assertEquals(big.length + 5, first.bytesHashed());
        assertTrue(Files.exists(cache));

        ShareIndex second = new ShareIndex(List.of(share), null, cache);
        second.start(java.time.Duration.ofHours(1));
        try {
            // Served from the cache at once, before any scan.
            assertNotNull(second.lookup(sha256(big)));
            waitForScans(second, 1);
            assertEquals(0, second.bytesHashed(), "nothing hashed again");
            assertNotNull(second.lookup(sha256(bytes("small"))));
        } finally {
            second.close();
        }

        // A cached entry whose file changed is not taken from the cache.
        Files.write(share.resolve("small"), bytes("SMALL"));
        Files.setLastModifiedTime(share.resolve("small"), FileTime.from(Instant.now().plusSeconds(5)));
        ShareIndex third = new ShareIndex(List.of(share), null, cache);
        third.scan();
        assertEquals(5, third.bytesHashed(), "only the changed file");
        assertNull(third.lookup(sha256(bytes("small"))));
        assertNotNull(third.lookup(sha256(bytes("SMALL"))));
    }

    @Test
    void aBrokenCacheIsIgnored() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.write(share.resolve("x"), bytes("x"));
        Path cache = tmp.resolve(ShareIndexFile.FILE_NAME);
        Files.writeString(cache, "{\"version\":1,\"files\":[{\"path\":");
        ShareIndex index = new ShareIndex(List.of(share), null, cache);
        index.start(java.time.Duration.ofHours(1));
        try {
            waitForScans(index, 1);
            assertNotNull(index.lookup(sha256(bytes("x"))));
        } finally {
            index.close();
        }
        assertEquals(1, ShareIndexFile.read(cache).size(), "rewritten by the scan");
    }

    @Test
    void theStoreIsServedByNameAndAddedObjectsAtOnce() throws Exception {
        ContentStore store = new ContentStore(tmp).create();
        String id = sha256(bytes("stored"));
        Files.write(store.contentDir().resolve(id), bytes("stored"));
        Files.write(store.contentDir().resolve("not-an-id"), bytes("x"));
        ShareIndex index = new ShareIndex(List.of(), store.contentDir(), null);
        index.scan();
        assertNotNull(index.lookup(id));
        assertEquals(1, index.size());

        // The download engineer's contract: rename into content/<id>, then added().
        Path part = store.newIncomingFile("dl");
        Files.write(part, bytes("downloaded"));
        String other = sha256(bytes("downloaded"));
        Path done = store.commit(part, other);
        index.added(other, done);
        HeldObject h = index.lookup(other);
        assertNotNull(h);
        assertEquals(done, h.path());
        assertEquals(10, h.size());
        index.scan();
        assertNotNull(index.lookup(other), "a scan keeps it");
    }

    @Test
    void linksAreNotFollowedOutOfTheTree() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Path outside = Files.write(tmp.resolve("secret"), bytes("secret"));
        Files.createSymbolicLink(share.resolve("link"), outside);
        Path outsideDir = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.write(outsideDir.resolve("f"), bytes("elsewhere"));
        Files.createSymbolicLink(share.resolve("dirlink"), outsideDir);
        ShareIndex index = new ShareIndex(List.of(share), null, null);
        index.scan();
        assertEquals(0, index.size());
        assertNull(index.lookup(sha256(bytes("secret"))));
    }

    private static void waitForScans(ShareIndex index, long n) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (index.scans() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no scan within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
