package io.cjp2p.node.cli;

import io.cjp2p.node.download.BlockBitmap;
import io.cjp2p.node.support.BlockServer;
import io.cjp2p.node.support.NodeJar;
import io.cjp2p.node.support.RandomObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar node-server.jar get ...} as a user runs it: exit statuses, the file it writes, and
 * a {@code kill -9} in the middle followed by a second run that resumes. The kill test's object is
 * {@code -Dcjp2p.download.it.mib} MiB (default 256).
 */
class GetCommandIT {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private static String randomObject(Path file, long size, long seed) throws Exception {
        return RandomObject.write(file, size, seed);
    }

    private Process get(List<String> output, String... args) throws IOException {
        assertTrue(Files.isRegularFile(NodeJar.JAR), "run after package: " + NodeJar.JAR.toAbsolutePath());
        List<String> all = new ArrayList<>(List.of("get"));
        all.addAll(List.of(args));
        return NodeJar.start(output, all.toArray(String[]::new));
    }

    private int run(List<String> output, long timeoutSeconds, String... args) throws Exception {
        Process p = get(output, args);
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "get finished: " + output);
        NodeJar.awaitOutput(p);
        return p.exitValue();
    }

    @Test
    void badArgumentsExitWithTwo() throws Exception {
        List<String> out = new ArrayList<>();
        assertEquals(2, run(out, 30, "not-a-hash", "--bootstrap", "none", "--state-dir", dir.toString()));
        assertTrue(String.join("\n", out).contains("not a SHA-256 id"), out.toString());
        out.clear();
        assertEquals(2, run(out, 30, "ab".repeat(32), "--from", "127.0.0.1:99999", "--bootstrap", "none",
                "--state-dir", dir.toString()));
        out.clear();
        assertEquals(2, run(out, 30, "ab".repeat(32), "--from", "nowhere.invalid:1", "--bootstrap", "none",
                "--state-dir", dir.toString()));
    }

    @Test
    void noSourceExitsWithOne() throws Exception {
        List<String> out = new ArrayList<>();
        assertEquals(1, run(out, 60, "cd".repeat(32), "--from", "127.0.0.1:9", "--give-up-s", "2",
                "--bootstrap", "none", "--state-dir", dir.resolve("s").toString()));
        assertTrue(String.join("\n", out).contains("no source had it"), out.toString());
        assertFalse(Files.exists(Path.of("cd".repeat(32))));
    }

    @Test
    void fetchesAndWritesTheVerifiedFile() throws Exception {
        Path object = dir.resolve("object");
        String id = randomObject(object, 5 * MIB + 3, 11);
        Path target = dir.resolve("fetched.bin");
        try (BlockServer a = new BlockServer(id, object)) {
            List<String> out = new ArrayList<>();
            assertEquals(0, run(out, 120, id, "--from", a.address().getAddress().getHostAddress() + ":"
                    + a.address().getPort(), "--out", target.toString(), "--bootstrap", "none",
                    "--state-dir", dir.resolve("s").toString()), out.toString());
            assertEquals(-1L, Files.mismatch(object, target));
            assertTrue(String.join("\n", out).contains("verified " + id), out.toString());
            assertFalse(Files.exists(dir.resolve("s").resolve("content").resolve(id)), "moved out of the store, not copied");
            assertFalse(Files.exists(dir.resolve("fetched.bin.tmp")));
        }
    }

    @Test
    void aKilledGetResumesWithoutAskingForBlocksOnDiskAndDropsALiar() throws Exception {
        Path object = dir.resolve("object");
        long size = Long.getLong("cjp2p.download.it.mib", 256) * MIB + 4095;
        String id = randomObject(object, size, 12);
        Path state = dir.resolve("s");
        Path bitmapFile = state.resolve("incoming").resolve(id + ".bitmap");
        Path target = dir.resolve("fetched.bin");
        try (BlockServer good = new BlockServer(id, object); BlockServer liar = new BlockServer(id, object)) {
            String goodAddress = "127.0.0.1:" + good.address().getPort();
            List<String> out = new ArrayList<>();
            Process first = get(out, id, "--from", goodAddress, "--out", target.toString(), "--bootstrap", "none",
                    "--state-dir", state.toString());
            // wait until a good part is on disk, then kill -9 (SIGKILL: no shutdown hook runs)
            long deadline = System.nanoTime() + 120_000_000_000L;
            long blocks = BlockBitmap.blocksOf(size);
            while (System.nanoTime() < deadline) {
                if (Files.exists(bitmapFile)) {
                    try {
                        if (BlockBitmap.load(bitmapFile).count() > blocks / 4) {
                            break;
                        }
                    } catch (IOException partlyWritten) {
                        // never, since it is renamed into place; retry anyway
                    }
                }
                Thread.sleep(20);
            }
            first.destroyForcibly();
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, first.exitValue(), "killed by SIGKILL: " + out);
            BlockBitmap onDisk = BlockBitmap.load(bitmapFile);
            assertTrue(onDisk.count() > blocks / 4 && onDisk.count() < blocks, onDisk.count() + " of " + blocks);
            assertFalse(Files.exists(target));

            good.asked.clear();
            liar.corrupt = true;
            liar.replyDelayMicros = 500; // slower than the good one, so the good one holds most blocks
            out.clear();
            long t0 = System.nanoTime();
            assertEquals(0, run(out, 300, id, "--from", goodAddress + ",127.0.0.1:" + liar.address().getPort(),
                    "--out", target.toString(), "--bootstrap", "none", "--state-dir", state.toString()), out.toString());
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(-1L, Files.mismatch(object, target));
            String text = String.join("\n", out);
            assertTrue(text.contains("1 source dropped"), "the liar was dropped: " + text);
            assertTrue(liar.fullBlocksSent.get() > 0, "the liar sent blocks");
            int askedAgain = 0;
            for (int b = 0; b < onDisk.blocks(); b++) {
                if (onDisk.has(b) && (good.asked.contains((long) b * 4096) || liar.asked.contains((long) b * 4096))) {
                    askedAgain++;
                }
            }
            assertEquals(0, askedAgain, "blocks on disk asked again");
            assertFalse(Files.exists(bitmapFile));
            System.out.printf("resumed %d of %d blocks from disk, the rest in %.1f s; %s%n", onDisk.count(), blocks,
                    seconds, out.get(out.size() - 1));
        }
    }
}
