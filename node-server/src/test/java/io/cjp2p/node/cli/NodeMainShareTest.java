package io.cjp2p.node.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --share and --upload-max-bytes: repeatable directories taken by their real path; bad ones exit 2. */
class NodeMainShareTest {
    @TempDir
    Path tmp;

    @Test
    void eachShareIsADirectoryByItsRealPath() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), b);
        CliRun r = CliRun.of("--bootstrap=none", "--share", a.toString(), "--share", link.toString(),
                "--upload-max-bytes", "4096");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(a.toRealPath(), b.toRealPath()), r.started().shareDirs());
        assertEquals(4096, r.started().uploadMaxBytes());
        assertEquals(List.of(), CliRun.parse("--bootstrap=none").shareDirs());
    }

    @Test
    void aMissingDirectoryOrAFileIsRefused() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        for (String bad : List.of(tmp.resolve("missing").toString(), file.toString())) {
            CliRun r = CliRun.of("--bootstrap=none", "--share", bad);
            assertEquals(2, r.code(), bad);
            assertNull(r.started());
            assertTrue(r.err().startsWith("cjp2p-node: --share: ") && r.err().contains("not a directory"), r.err());
        }
        CliRun zero = CliRun.of("--bootstrap=none", "--upload-max-bytes", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--upload-max-bytes"), zero.err());
    }
}
