package io.cjp2p.node.identity;

import io.cjp2p.node.crypto.Ed25519Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On real files: the tests assume a POSIX file system, as the node's hosts have. */
class KeyFileTest {
    /** RFC 8032 test keys 1 and 2. */
    private static final String SEED1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String PUBLIC1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String PUBLIC2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private static final String VALID = "{\"public\":\"" + PUBLIC1 + "\",\"private\":\"" + SEED1 + "\"}";

    @TempDir
    Path temp;

    @Test
    void theFirstStartMakesThePrivateDirectoryAndKeyFile() throws Exception {
        Path stateDir = temp.resolve("state").resolve("node");
        Ed25519Keys keys = KeyFile.loadOrCreate(stateDir);

        Path file = stateDir.resolve(KeyFile.FILE_NAME);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String content = Files.readString(file, StandardCharsets.US_ASCII);
        assertTrue(content.matches("\\{\"public\":\"[0-9a-f]{64}\",\"private\":\"[0-9a-f]{64}\"}\n"), content);
        assertTrue(content.contains("\"public\":\"" + keys.publicHex() + "\""));
        assertTrue(content.contains("\"private\":\"" + HexFormat.of().formatHex(keys.seed()) + "\""));
        try (Stream<Path> files = Files.list(stateDir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void laterStartsLoadTheSameKey() throws Exception {
        Ed25519Keys first = KeyFile.loadOrCreate(temp);
        byte[] written = Files.readAllBytes(temp.resolve(KeyFile.FILE_NAME));
        Ed25519Keys second = KeyFile.loadOrCreate(temp);
        assertEquals(first.publicHex(), second.publicHex());
        assertArrayEquals(first.seed(), second.seed());
        assertArrayEquals(written, Files.readAllBytes(temp.resolve(KeyFile.FILE_NAME)), "loading does not rewrite");
    }

    @Test
    void loadsAKeyFileInTheRustNodesFormat() throws Exception {
        Path file = keyFile(VALID);
        Ed25519Keys keys = KeyFile.loadOrCreate(temp);
        assertEquals(PUBLIC1, keys.publicHex());
        assertEquals(SEED1, HexFormat.of().formatHex(keys.seed()));
        // upper-case hex and fields of later versions are fine too
        Files.writeString(file, "{\"private\":\"" + SEED1.toUpperCase(Locale.ROOT) + "\",\"version\":{\"n\":[2]},"
                + "\"public\":\"" + PUBLIC1.toUpperCase(Locale.ROOT) + "\"}");
        assertEquals(PUBLIC1, KeyFile.loadOrCreate(temp).publicHex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-"})
    void aKeyFileOthersCanReadOrWriteIsRefusedAndLeftAlone(String mode) throws Exception {
        Path file = keyFile(VALID);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        KeyFileException e = assertRefused(file);
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    /** Each is refused; most carry the seed, so a message quoting the file would show it. */
    static Stream<String> malformedKeyFiles() {
        String pub = "{\"public\":\"" + PUBLIC1 + "\",";
        return Stream.of(
                "",
                "   ",
                "not json " + SEED1,
                "[\"" + SEED1 + "\"]",
                "{}",
                "{\"public\":\"" + PUBLIC1 + "\"}",
                "{\"private\":\"" + SEED1 + "\"}",
                pub + "\"private\":\"" + SEED1 + "\"",
                pub + "\"private\":\"" + SEED1 + "\"}{}",
                pub + "\"private\":\"" + SEED1 + "\"} " + SEED1,
                pub + "\"private\":\"" + SEED1 + "00\"}",
                pub + "\"private\":\"" + SEED1.substring(2) + "\"}",
                pub + "\"private\":\"" + SEED1.substring(2) + "zz\"}",
                pub + "\"private\":\"0x" + SEED1.substring(2) + "\"}",
                pub + "\"private\":[\"" + SEED1 + "\"]}",
                pub + "\"private\":null}",
                "{\"public\":\"" + PUBLIC1.substring(1) + "\",\"private\":\"" + SEED1 + "\"}",
                pub + "\"private\":\"" + SEED1 + "\",\"private\":\"" + SEED1 + "\"}",
                pub + "\"private\":\"" + SEED1 + "\",\"public\":\"" + PUBLIC1 + "\"}",
                pub + "\"private\":\"" + SEED1 + "\\u0000\"}",
                pub + "\"priv" + SEED1,
                pub + "\"private\":" + SEED1 + "}",
                pub + "\"private\":x" + SEED1 + "}",
                pub + "\"private\":\"" + SEED1);
    }

    @ParameterizedTest
    @MethodSource("malformedKeyFiles")
    void aMalformedKeyFileIsRefusedAndLeftAlone(String content) throws Exception {
        assertRefused(keyFile(content));
    }

    @Test
    void aPublicKeyThatIsNotTheSeedsIsRefused() throws Exception {
        KeyFileException e = assertRefused(keyFile("{\"public\":\"" + PUBLIC2 + "\",\"private\":\"" + SEED1 + "\"}"));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void anOversizedKeyFileIsRefused() throws Exception {
        assertRefused(keyFile(VALID + " ".repeat(5000)));
    }

    @Test
    void aKeyFileThatIsNotAFileIsRefused() throws Exception {
        Path dir = Files.createDirectory(temp.resolve(KeyFile.FILE_NAME));
        assertThrows(KeyFileException.class, () -> KeyFile.loadOrCreate(temp));
        assertTrue(Files.isDirectory(dir));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aDanglingSymbolicLinkIsRefusedNotReplaced() throws Exception {
        Path link = Files.createSymbolicLink(temp.resolve(KeyFile.FILE_NAME), temp.resolve("elsewhere.json"));
        assertThrows(KeyFileException.class, () -> KeyFile.loadOrCreate(temp));
        assertTrue(Files.isSymbolicLink(link));
        assertFalse(Files.exists(temp.resolve("elsewhere.json")));
    }

    @Test
    void aStateDirectoryThatIsAFileIsRefused() throws Exception {
        Path notADir = Files.writeString(temp.resolve("state"), "x");
        KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFile.loadOrCreate(notADir));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
        assertEquals("x", Files.readString(notADir));
    }

    /** Refused, the file unchanged byte for byte, and a one-line message without the private key. */
    private KeyFileException assertRefused(Path file) throws IOException {
        byte[] before = Files.readAllBytes(file);
        KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFile.loadOrCreate(temp));
        assertArrayEquals(before, Files.readAllBytes(file));
        String message = e.getMessage();
        assertTrue(message.startsWith("key file " + file + ": "), message);
        assertFalse(message.contains("\n"), message);
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT) + t;
            assertFalse(text.contains(SEED1.substring(4, 20)), "the private key leaked: " + text);
        }
        return e;
    }

    private Path keyFile(String content) throws IOException {
        Path file = temp.resolve(KeyFile.FILE_NAME);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
