package io.cjp2p.node.cli;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.identity.KeyFile;
import io.cjp2p.node.runtime.Node;
import io.cjp2p.node.state.StateDirLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --state-dir reaches the node, and a key file the node must refuse stops it with one line and exit
 * status 2, through the real runner (which refuses the key before any socket opens), the file left
 * exactly as it was.
 */
class NodeMainStateDirTest {
    private static final String GOOD_KEY = "{\"public\":\"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\","
            + "\"private\":\"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60\"}\n";
    private static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    @TempDir
    Path dir;

    @Test
    void theFlagReachesTheNode() {
        CliRun r = CliRun.of("--bootstrap=none", "--state-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(dir, r.started().stateDir());
    }

    /** Runs the real command line; returns {exit status, standard error}. */
    private static Object[] runReal(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = NodeMain.commandLine(new NodeMain()).execute(args);
        } finally {
            System.setErr(saved);
        }
        return new Object[] {code, err.toString(StandardCharsets.UTF_8)};
    }

    private void assertRefusedUntouched(String content, String mode, String expectedProblem) throws Exception {
        Path key = dir.resolve(KeyFile.FILE_NAME);
        Files.writeString(key, content);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
        FileTime modified = Files.getLastModifiedTime(key);
        byte[] before = Files.readAllBytes(key);

        Object[] r = runReal("--bootstrap", "none", "--bind", "127.0.0.1", "--port", "0", "--http-port", "0",
                "--state-dir", dir.toString());
        String err = (String) r[1];
        assertEquals(2, r[0], err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("cjp2p-node: key file " + key + ": "), err);
        assertTrue(err.contains(expectedProblem), err);
        assertFalse(err.contains(SEED), "the private key is never shown");
        assertArrayEquals(before, Files.readAllBytes(key));
        assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals(modified, Files.getLastModifiedTime(key));
        assertFalse(Files.exists(dir.resolve("peers.json")), "a failed start writes no state");
    }

    @Test
    void aWorldReadableKeyIsRefused() throws Exception {
        assertRefusedUntouched(GOOD_KEY, "rw-r--r--", "is readable or writable by group or others");
    }

    @Test
    void aMalformedKeyIsRefused() throws Exception {
        assertRefusedUntouched(GOOD_KEY.substring(0, 40), "rw-------", "is not valid JSON");
        assertRefusedUntouched("{\"public\":\"00\",\"private\":\"" + SEED + "\"}", "rw-------",
                "its \"public\" field is not 64 hex digits");
    }

    @Test
    void aSecondStartOnADirectoryInUseExitsWithStatusTwoAndTouchesNothing() throws Exception {
        try (Node running = Node.start(NodeConfig.loopback().stateDir(dir).build())) {
            assertEquals(dir, running.config().stateDir());
            Path key = dir.resolve(KeyFile.FILE_NAME);
            Path lock = dir.resolve(StateDirLock.FILE_NAME);
            byte[] keyBefore = Files.readAllBytes(key);
            FileTime keyModified = Files.getLastModifiedTime(key);
            FileTime lockModified = Files.getLastModifiedTime(lock);
            Object[] r = runReal("--bootstrap", "none", "--bind", "127.0.0.1", "--port", "0", "--http-port", "0",
                    "--state-dir", dir.toString());
            assertEquals(2, r[0], (String) r[1]);
            // two processes (the message then names the other's pid) are in NodeJarIT
            assertEquals("cjp2p-node: state directory " + dir + " is already in use by this process (pid "
                    + ProcessHandle.current().pid() + ")\n", r[1]);
            assertArrayEquals(keyBefore, Files.readAllBytes(key));
            assertEquals(keyModified, Files.getLastModifiedTime(key));
            assertEquals(lockModified, Files.getLastModifiedTime(lock));
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(lock));
            assertFalse(Files.exists(dir.resolve("peers.json")), "the refused start saved no peers");
        }
        assertTrue(Files.exists(dir.resolve("peers.json")), "the running node saved its peers at close");
    }

    @Test
    void aKeyFileThatIsADirectoryIsRefused() throws Exception {
        Files.createDirectory(dir.resolve(KeyFile.FILE_NAME));
        Object[] r = runReal("--bootstrap", "none", "--bind", "127.0.0.1", "--port", "0", "--http-port", "0",
                "--state-dir", dir.toString());
        assertEquals(2, r[0], (String) r[1]);
        assertEquals("cjp2p-node: key file " + dir.resolve(KeyFile.FILE_NAME) + ": is not a regular file\n", r[1]);
    }
}
