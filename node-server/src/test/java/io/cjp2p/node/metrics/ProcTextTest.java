package io.cjp2p.node.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcTextTest {
    @Test
    void splitsOnRunsOfSpacesAndTabs() {
        assertEquals(List.of("Udp6InErrors", "4"), ProcText.fields("  Udp6InErrors \t \t4\t", 0));
        assertEquals(List.of("1000", "7"), ProcText.fields("Udp: 1000   7", 5));
        assertTrue(ProcText.fields(" \t ", 0).isEmpty());
    }

    @Test
    void readsLinesAndTheFirstLineWithinItsLimit(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "cpu  1 2\nintr" + " 0".repeat(5000) + "\n");
        assertArrayEquals(new String[] {"cpu  1 2", "intr" + " 0".repeat(5000)}, ProcText.lines(f));
        assertEquals("cpu  1 2", ProcText.firstLine(f, 512));
        assertEquals("cpu ", ProcText.firstLine(f, 4));
    }
}
