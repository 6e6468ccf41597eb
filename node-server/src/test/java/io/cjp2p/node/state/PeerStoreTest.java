package io.cjp2p.node.state;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RememberedPeers;
import io.cjp2p.node.peer.SavedPeer;
import io.cjp2p.node.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading and saving the table in a real state directory, and what a bad peer file does (nothing fatal). */
class PeerStoreTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture log = LogCapture.of(PeerStore.class);

    private Path file() {
        return dir.resolve(PeerFile.FILE_NAME);
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static InetSocketAddress addr(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    @Test
    void aSavedTableComesBackAsPeersToVerifyAgain() throws Exception {
        PeerTable before = new PeerTable(100);
        long now = System.nanoTime();
        PeerEntry e = before.verified(addr("8.8.8.8", 24254), now);
        before.recordRtt(e, 12_000_000L);
        before.bindKey(e.address(), new byte[32]);
        before.verified(addr("2606:4700::1", 5), now);
        try (PeerStore store = PeerStore.start(dir, before, Duration.ofHours(1))) {
            assertEquals(2, store.save());
        }
        PeerTable after = new PeerTable(100);
        assertEquals(2, PeerStore.load(dir, after, a -> true));
        assertEquals(0, after.size(), "candidates, not peers");
        assertEquals(2, after.remembered().size());
        PeerEntry back = after.verified(addr("8.8.8.8", 24254), now);
        assertEquals(12_000_000L, back.rttNanos());
        assertArrayEquals(new byte[32], back.publicKey());
        assertTrue(log.events().stream().anyMatch(l -> l.getFormattedMessage().startsWith("2 saved peers from ")));
    }

    @Test
    void onlyAddressesOurSocketReachesAndPeersOfTheLastWeekAreTaken() throws Exception {
        long now = System.currentTimeMillis();
        PeerFile.write(file(), List.of(new SavedPeer(addr("8.8.8.8", 1), null, PeerEntry.NO_RTT, now),
                new SavedPeer(addr("2606:4700::1", 1), null, PeerEntry.NO_RTT, now),
                new SavedPeer(addr("8.8.4.4", 1), null, PeerEntry.NO_RTT, now - RememberedPeers.KEEP_MILLIS - 60_000)));
        PeerTable t = new PeerTable(100);
        assertEquals(1, PeerStore.load(dir, t, a -> a.getAddress().getAddress().length == 4));
        assertTrue(t.remembered().contains(addr("8.8.8.8", 1)));
    }

    @Test
    void aCorruptFileIsLoggedMovedAsideAndIgnored() throws Exception {
        byte[] garbage = "{\"version\":1,\"peers\":[{\"addr\":\"8.8.8.8:1\",\"verif".getBytes();
        Files.write(file(), garbage);
        PeerTable t = new PeerTable(100);
        assertEquals(0, PeerStore.load(dir, t, a -> true));
        assertEquals(0, t.remembered().size());
        List<Path> files = listing();
        assertEquals(1, files.size(), files.toString());
        Path aside = files.get(0);
        assertTrue(aside.getFileName().toString().startsWith("peers.json.bad-"), aside.toString());
        assertArrayEquals(garbage, Files.readAllBytes(aside), "kept as it was, for whoever wants to look");
        ILoggingEvent warning = log.events().stream().filter(l -> l.getLevel() == Level.WARN).findFirst().orElseThrow();
        assertTrue(warning.getFormattedMessage().contains("is not valid JSON")
                && warning.getFormattedMessage().contains("moved aside to " + aside.getFileName())
                && warning.getFormattedMessage().contains("starting without saved peers"), warning.getFormattedMessage());

        // The node carries on: its next save writes a good file next to the bad one.
        t.verified(addr("8.8.8.8", 1), System.nanoTime());
        try (PeerStore store = PeerStore.start(dir, t, Duration.ofHours(1))) {
            assertEquals(1, store.save());
        }
        assertEquals(1, PeerFile.read(file(), 100).peers().size());
        assertTrue(Files.exists(aside));
    }

    @Test
    void aFileOfAnotherVersionIsSetAsideTooNotOverwritten() throws Exception {
        Files.writeString(file(), "{\"version\":2,\"peers\":{\"new\":\"format\"}}");
        assertEquals(0, PeerStore.load(dir, new PeerTable(10), a -> true));
        assertFalse(Files.exists(file()));
        assertEquals(1, listing().size());
        assertTrue(log.events().stream().anyMatch(l -> l.getFormattedMessage().contains("is version 2; this node reads version 1")));
    }

    @Test
    void aHugeFileIsSetAsideUnread() throws Exception {
        try (var raf = new java.io.RandomAccessFile(file().toFile(), "rw")) {
            raf.setLength(PeerFile.maxBytes(10) + 1); // sparse: nothing of it is read
        }
        assertEquals(0, PeerStore.load(dir, new PeerTable(10), a -> true));
        assertFalse(Files.exists(file()));
        assertTrue(log.events().stream().anyMatch(l -> l.getFormattedMessage().contains("bytes, more than")));
    }

    @Test
    void aTemporaryFileLeftByACrashIsDeletedAndNoFileIsNoProblem() throws Exception {
        Path left = dir.resolve(PeerFile.FILE_NAME + ".12345.tmp");
        Files.writeString(left, "{\"version\":1,\"pe");
        assertEquals(0, PeerStore.load(dir, new PeerTable(10), a -> true));
        assertEquals(List.of(), listing());
    }

    @Test
    void theTableIsSavedEveryIntervalWithoutAClose() throws Exception {
        PeerTable t = new PeerTable(100);
        PeerStore store = PeerStore.start(dir, t, Duration.ofMillis(50));
        try {
            t.verified(addr("8.8.8.8", 1), System.nanoTime());
            // what a kill -9 would find: the file of the last interval
            long deadline = System.nanoTime() + 10 * SECOND;
            while (System.nanoTime() < deadline
                    && (!Files.exists(file()) || PeerFile.read(file(), 100).peers().isEmpty())) {
                Thread.sleep(20);
            }
            assertEquals(List.of(addr("8.8.8.8", 1)),
                    PeerFile.read(file(), 100).peers().stream().map(SavedPeer::address).toList());
            t.verified(addr("8.8.4.4", 1), System.nanoTime());
        } finally {
            store.close();
        }
        assertEquals(2, PeerFile.read(file(), 100).peers().size(), "close saves the last change");
    }

    @Test
    void aSaveThatCannotWriteIsLoggedNotThrown() throws Exception {
        PeerTable t = new PeerTable(10);
        Path gone = dir.resolve("gone");
        try (PeerStore store = PeerStore.start(gone, t, Duration.ofHours(1))) {
            assertEquals(-1, store.save());
        }
        assertTrue(log.events().stream().anyMatch(l -> l.getLevel() == Level.WARN
                && l.getFormattedMessage().startsWith("cannot save the peers to " + gone.resolve(PeerFile.FILE_NAME))));
    }
}
