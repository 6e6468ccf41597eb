package io.cjp2p.node.state;

import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.SavedPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The peer file on a real disk: its round trip, its atomic replacement, and its bounds. */
class PeerFileTest {
    @TempDir
    Path dir;

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) seed);
        k[31] = (byte) 0xfe;
        return k;
    }

    private static List<SavedPeer> sample() {
        return List.of(
                new SavedPeer(new InetSocketAddress("8.8.8.8", 24254), key(1), 41_250_000L, 1_764_000_000_000L),
                new SavedPeer(new InetSocketAddress("2606:4700::1111", 5), null, PeerEntry.NO_RTT, 1_764_000_000_001L),
                new SavedPeer(new InetSocketAddress("127.0.0.1", 40000), key(2), 0, 0),
                new SavedPeer(new InetSocketAddress("10.1.2.3", 65535), null, 1_000, 42));
    }

    private Path file() {
        return dir.resolve(PeerFile.FILE_NAME);
    }

    private PeerFile.Contents readBack(int maxPeers) throws Exception {
        return PeerFile.read(file(), maxPeers);
    }

    @Test
    void whatIsWrittenIsReadBack() throws Exception {
        PeerFile.write(file(), sample());
        PeerFile.Contents c = readBack(100);
        assertEquals(sample(), c.peers());
        assertEquals(0, c.skipped());
        assertFalse(c.truncated());
        assertArrayEquals(key(1), c.peers().get(0).publicKey());
        String text = Files.readString(file());
        assertTrue(text.startsWith("{\"version\":1,\"peers\":["), text);
        assertTrue(text.contains("\"addr\":\"[2606:4700::1111]:5\""), text);
        assertEquals(sample().size() + 1, text.lines().count(), "one peer a line: " + text);
    }

    @Test
    void anEmptyTableIsAFileToo() throws Exception {
        PeerFile.write(file(), List.of());
        assertEquals(List.of(), readBack(10).peers());
    }

    @Test
    void theFileIsOwnerOnlyAndReplacedByRenameWithNoTemporaryLeft() throws Exception {
        PeerFile.write(file(), sample());
        Object before = Files.readAttributes(file(), BasicFileAttributes.class).fileKey();
        PeerFile.write(file(), sample().subList(0, 1));
        Object after = Files.readAttributes(file(), BasicFileAttributes.class).fileKey();
        assertNotEquals(before, after, "a new inode: the old file was replaced by a rename, not rewritten");
        assertEquals(sample().subList(0, 1), readBack(10).peers());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        assertEquals(List.of(file()), listing());
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileAsItWas() throws Exception {
        PeerFile.write(file(), sample());
        byte[] old = Files.readAllBytes(file());
        List<SavedPeer> failing = new AbstractList<>() {
            @Override
            public SavedPeer get(int i) {
                if (i == 3000) {
                    throw new IllegalStateException("the table broke while it was being written");
                }
                return new SavedPeer(new InetSocketAddress("8.8." + (i >> 8) + "." + (i & 255), 1), key(i), i, i);
            }

            @Override
            public int size() {
                return 5000;
            }
        };
        assertThrows(IllegalStateException.class, () -> PeerFile.write(file(), failing));
        assertArrayEquals(old, Files.readAllBytes(file()));
        assertEquals(List.of(file()), listing(), "the temporary file is gone");
    }

    @Test
    void anotherVersionIsRefusedByName() throws Exception {
        Files.writeString(file(), "{\"version\":2,\"peers\":[]}");
        PeerFileException e = assertThrows(PeerFileException.class, () -> readBack(10));
        assertEquals("is version 2; this node reads version 1", e.getMessage());
        Files.writeString(file(), "{\"peers\":[],\"version\":1}");
        assertEquals("does not start with its version", assertThrows(PeerFileException.class, () -> readBack(10)).getMessage());
        Files.writeString(file(), "{\"version\":\"1\",\"peers\":[]}");
        assertEquals("its version is not a number", assertThrows(PeerFileException.class, () -> readBack(10)).getMessage());
    }

    @Test
    void aFileThatIsNotOursIsRefused() throws Exception {
        for (String bad : List.of("", "garbage", "[]", "{\"version\":1,\"peers\":[{\"addr\":\"8.8.8.8:1\"",
                "{\"version\":1}", "{\"version\":1,\"peers\":{}}", "{\"version\":1,\"peers\":[]}{}",
                "{\"version\":1,\"peers\":[],\"peers\":[]}", "\u0000\u0000\u0000")) {
            Files.writeString(file(), bad);
            assertThrows(PeerFileException.class, () -> readBack(10), bad);
        }
    }

    @Test
    void badEntriesAreSkippedAndTheRestKept() throws Exception {
        String k = "ab".repeat(32);
        Files.writeString(file(), "{\"version\":1,\"later\":{\"x\":[1,2]},\"peers\":[\n"
                + "{\"addr\":\"8.8.8.8:1\",\"key\":\"" + k + "\",\"rtt_us\":5,\"verified_ms\":7,\"later\":[{}]},\n"
                + "{\"addr\":\"not an address\",\"verified_ms\":7},\n"
                + "{\"addr\":\"224.0.0.1:5\",\"verified_ms\":7},\n"
                + "{\"addr\":\"192.0.2.1:5\",\"verified_ms\":7},\n"
                + "{\"addr\":\"8.8.8.9:0\",\"verified_ms\":7},\n"
                + "{\"addr\":\"8.8.8.8:2\",\"key\":\"xyz\",\"verified_ms\":7},\n"
                + "{\"addr\":\"8.8.8.8:3\",\"key\":\"" + k + "00\",\"verified_ms\":7},\n"
                + "{\"addr\":\"8.8.8.8:4\",\"rtt_us\":-1,\"verified_ms\":7},\n"
                + "{\"addr\":\"8.8.8.8:5\",\"rtt_us\":99999999999999999999999,\"verified_ms\":7},\n"
                + "{\"addr\":\"8.8.8.8:6\",\"verified_ms\":\"7\"},\n"
                + "{\"addr\":\"8.8.8.8:7\"},\n"
                + "{\"addr\":{\"ip\":\"8.8.8.8\"},\"verified_ms\":7},\n"
                + "[\"8.8.8.8:8\"], 17, null,\n"
                + "{\"addr\":\"[2606:4700::1]:9\",\"verified_ms\":8}\n"
                + "]}");
        PeerFile.Contents c = readBack(100);
        assertEquals(List.of(
                new SavedPeer(new InetSocketAddress("8.8.8.8", 1), java.util.HexFormat.of().parseHex(k), 5_000, 7),
                new SavedPeer(new InetSocketAddress("2606:4700::1", 9), null, PeerEntry.NO_RTT, 8)), c.peers());
        assertEquals(14, c.skipped());
    }

    @Test
    void aHugeFileIsRefusedUnreadAndALongOneReadOnlyAsFarAsTheTableHoldsPeers() throws Exception {
        long limit = PeerFile.maxBytes(10);
        Files.write(file(), new byte[(int) limit + 1]);
        PeerFileException e = assertThrows(PeerFileException.class, () -> readBack(10));
        assertTrue(e.getMessage().startsWith("is " + (limit + 1) + " bytes, more than " + limit), e.getMessage());

        List<SavedPeer> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(new SavedPeer(new InetSocketAddress("8.8." + (i >> 8) + "." + (i & 255), 1), key(i), i * 1000L, i));
        }
        PeerFile.write(file(), many);
        PeerFile.Contents c = readBack(10_000);
        assertEquals(many, c.peers());
        // A table of 700 takes the first 700, however long the file is within its bound.
        PeerFile.Contents cut = readBack(700);
        assertEquals(many.subList(0, 700), cut.peers());
        assertTrue(cut.truncated());
    }

    @Test
    void oneHugeValueIsRefusedWithoutBeingHeld() throws Exception {
        Files.writeString(file(), "{\"version\":1,\"peers\":[{\"addr\":\"" + "8".repeat(100_000) + "\"}]}");
        PeerFileException e = assertThrows(PeerFileException.class, () -> readBack(1000));
        assertTrue(e.getMessage().startsWith("is not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("888"), "the message does not quote the file: " + e.getMessage());
        Files.writeString(file(), "{\"version\":1,\"peers\":[" + "[".repeat(1000) + "]".repeat(1000) + "]}");
        assertThrows(PeerFileException.class, () -> readBack(1000));
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
