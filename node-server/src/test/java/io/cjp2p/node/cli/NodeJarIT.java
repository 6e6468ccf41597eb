package io.cjp2p.node.cli;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.Peers;
import io.cjp2p.node.support.NodeJar;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cjp2p.node.support.UdpClient.only;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar, started as the README says, with the JVM options of {@code jvm.options} (but with
 * {@code --bootstrap none}).
 */
class NodeJarIT {
    private static final Path JAR = NodeJar.JAR;
    private static final Pattern LISTENING = Pattern.compile("listening on udp .*:(\\d+) ");

    /** The node's --state-dir; never the module directory. */
    @TempDir
    Path state;

    private static Process start(List<String> log, String... args) throws IOException {
        return NodeJar.start(log, args);
    }

    private static int waitForPort(List<String> log) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (log) {
                for (String line : log) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the node did not report its port: " + log);
    }

    @Test
    void theJarAnswersTheSeedExampleAndStopsCleanlyOnSigterm() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after package: " + JAR.toAbsolutePath());
        List<String> log = new ArrayList<>();
        int httpPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            httpPort = free.getLocalPort();
        }
        Process node = start(log, "--bootstrap", "none", "--port", "0", "--http-port", Integer.toString(httpPort),
                "--state-dir", state.toString());
        try {
            int port = waitForPort(log);
            java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "healthz: " + health.body());
            try (UdpClient nc = new UdpClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                List<Message> reply = nc.ask("[{\"PleaseSendPeers\":{}}]");
                assertEquals(1, only(reply, Peers.class).size(), "reply: " + reply);
            }
            if (new File("/usr/bin/nc").canExecute()) {
                // The README's literal example, with the real nc.
                Process nc = new ProcessBuilder("sh", "-c",
                        "echo -n '[{\"PleaseSendPeers\":{}}]' | nc -u -w1 127.0.0.1 " + port).start();
                String out = new String(nc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                nc.waitFor(10, TimeUnit.SECONDS);
                assertTrue(out.contains("{\"Peers\":{\"peers\":["), "nc printed: " + out);
            }
            // SIGTERM with kill(1): Process.destroy() would also close our end of the node's output.
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(node.pid())).start().waitFor());
            assertTrue(node.waitFor(10, TimeUnit.SECONDS), "the node stops on SIGTERM");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline && !contains(log, "cjp2p node stopped")) {
                Thread.sleep(50);
            }
            synchronized (log) {
                assertTrue(log.stream().anyMatch(l -> l.contains("INFO") && l.contains("cjp2p node stopped")),
                        "an INFO line at stop (exit " + node.exitValue() + "): " + log);
                assertTrue(log.stream().noneMatch(l -> l.contains("ERROR") || l.contains("Exception")), "clean: " + log);
            }
            // The state directory: a private key file, and the peer table saved at SIGTERM.
            Path key = state.resolve("key.json");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
            String keyJson = Files.readString(key);
            String publicHex = keyJson.replaceAll("(?s).*\"public\":\"([0-9a-f]{64})\".*", "$1");
            String privateHex = keyJson.replaceAll("(?s).*\"private\":\"([0-9a-f]{64})\".*", "$1");
            assertEquals(64, privateHex.length(), keyJson.length() + " bytes of key file");
            assertTrue(Files.readString(state.resolve("peers.json")).startsWith("{\"version\":1,\"peers\":["));
            synchronized (log) {
                assertTrue(log.stream().anyMatch(l -> l.contains("listening on udp") && l.contains("public key 0x" + publicHex)),
                        "the start line shows the public key: " + log);
                assertTrue(log.stream().noneMatch(l -> l.contains(privateHex)), "the private key is never logged");
            }
        } finally {
            node.destroyForcibly();
        }
    }

    @Test
    void aKeyFileOthersCanReadStopsTheNodeWithStatusTwoAndStaysAsItWas() throws Exception {
        Path key = state.resolve("key.json");
        Files.writeString(key, "{\"public\":\"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\","
                + "\"private\":\"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60\"}\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        byte[] before = Files.readAllBytes(key);
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(key);
        List<String> log = new ArrayList<>();
        Process node = start(log, "--bootstrap", "none", "--port", "0", "--http-port", "0", "--state-dir", state.toString());
        assertTrue(node.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, node.exitValue());
        NodeJar.awaitOutput(node);
        synchronized (log) {
            assertEquals(List.of("cjp2p-node: key file " + key + ": is readable or writable by group or others (rw-r--r--); "
                    + "make it private with chmod 600"), log, "one line");
        }
        assertArrayEquals(before, Files.readAllBytes(key));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals(modified, Files.getLastModifiedTime(key));
        try (var files = Files.list(state)) {
            assertEquals(List.of(key), files.toList(), "nothing else written");
        }
    }

    @Test
    void aSecondNodeOnTheStateDirectoryExitsWithStatusTwoAndAKilledOneBlocksNobody() throws Exception {
        List<String> firstLog = new ArrayList<>();
        Process first = start(firstLog, "--bootstrap", "none", "--port", "0", "--http-port", "0", "--state-dir",
                state.toString());
        Process third = null;
        try {
            waitForPort(firstLog);
            Path key = state.resolve("key.json");
            Path lock = state.resolve("lock");
            byte[] keyBefore = Files.readAllBytes(key);
            java.nio.file.attribute.FileTime keyModified = Files.getLastModifiedTime(key);
            java.nio.file.attribute.FileTime lockModified = Files.getLastModifiedTime(lock);
            List<Path> filesBefore = list(state);

            List<String> secondLog = new ArrayList<>();
            Process second = start(secondLog, "--bootstrap", "none", "--port", "0", "--http-port", "0", "--state-dir",
                    state.toString());
            assertTrue(second.waitFor(20, TimeUnit.SECONDS));
            assertEquals(2, second.exitValue());
            NodeJar.awaitOutput(second);
            synchronized (secondLog) {
                assertEquals(List.of("cjp2p-node: state directory " + state + " is in use by another process (pid "
                        + first.pid() + "); stop it or give this one another --state-dir"), secondLog, "one line");
            }
            assertArrayEquals(keyBefore, Files.readAllBytes(key));
            assertEquals(keyModified, Files.getLastModifiedTime(key));
            assertEquals(lockModified, Files.getLastModifiedTime(lock));
            assertEquals(first.pid() + "\n", Files.readString(lock));
            assertEquals(filesBefore, list(state), "the refused start wrote nothing");

            // kill -9 leaves the lock file, but the OS lock died with the process
            first.destroyForcibly();
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            assertTrue(Files.exists(lock));
            List<String> thirdLog = new ArrayList<>();
            third = start(thirdLog, "--bootstrap", "none", "--port", "0", "--http-port", "0", "--state-dir",
                    state.toString());
            waitForPort(thirdLog);
            assertEquals(third.pid() + "\n", Files.readString(lock));
            synchronized (thirdLog) {
                String publicHex = Files.readString(key).replaceAll("(?s).*\"public\":\"([0-9a-f]{64})\".*", "$1");
                assertTrue(thirdLog.stream().anyMatch(l -> l.contains("listening on udp") && l.contains(publicHex)),
                        "the same key, started again: " + thirdLog);
            }
        } finally {
            first.destroyForcibly();
            if (third != null) {
                third.destroyForcibly();
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static boolean contains(List<String> log, String text) {
        synchronized (log) {
            return log.stream().anyMatch(l -> l.contains(text));
        }
    }

    @Test
    void aBadFlagExitsWithStatusTwo() throws Exception {
        List<String> log = new ArrayList<>();
        Process node = start(log, "--bootstrap", "none", "--max-peers", "-5");
        assertTrue(node.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, node.exitValue());
        NodeJar.awaitOutput(node);
        synchronized (log) {
            assertTrue(log.stream().anyMatch(l -> l.contains("--max-peers")), "says which flag: " + log);
        }
    }

    /**
     * From the repository's root, as the README runs it, the jar maps its classes from the archive
     * the build made; a copy of the jar elsewhere starts without it, and neither prints a word about
     * it on stdout, where {@code get} and {@code --version} print their results.
     */
    @Test
    void theReadmeCommandUsesTheClassDataArchiveAndAnotherJarRunsWithoutIt() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("node-server/target/node-server.jsa")), "package makes the archive");
        Path copy = state.resolve("elsewhere.jar");
        Files.copy(JAR, copy);
        for (Path jar : List.of(root.resolve("node-server/target/node-server.jar"), copy)) {
            Path classes = state.resolve("classes-" + jar.getFileName() + ".log");
            Process p = new ProcessBuilder(NodeJar.javaBin(), "@node-server/jvm.options",
                    "-Xlog:class+load=info:file=" + classes, "-jar", jar.toString(), "--version")
                    .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertTrue(out.matches("cjp2p-node \\S+\\R"), "stdout holds the version alone: " + out);
            boolean mapped = Files.readString(classes).contains("source: shared objects file (top)");
            assertEquals(jar != copy, mapped, jar + ": classes from the archive");
        }
    }
}
