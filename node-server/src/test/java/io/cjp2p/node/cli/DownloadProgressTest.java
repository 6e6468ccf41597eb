package io.cjp2p.node.cli;

import io.cjp2p.node.download.Download;
import io.cjp2p.node.download.DownloadStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloadProgressTest {
    private static final String ID = "ab".repeat(32);

    @Test
    void aLineSaysBytesRateSourcesAndEta() {
        DownloadStatus s = new DownloadStatus(ID, Download.Phase.FETCHING, 100L << 20, 25L << 20, 5L << 20, 3, 0, 7, null);
        assertEquals("25.0 MiB / 100.0 MiB  5.0 MiB/s  3 sources  ETA 0:15", DownloadProgress.line(s));
        DownloadStatus searching = new DownloadStatus(ID, Download.Phase.SEARCHING, -1, 0, 0, 0, 0, 0, null);
        assertEquals("searching for abababababab...", DownloadProgress.line(searching));
    }

    @Test
    void aTerminalGetsOneRedrawnBarPlainOutputOneLineEach() {
        DownloadStatus s = new DownloadStatus(ID, Download.Phase.FETCHING, 1000, 500, 100, 1, 0, 0, null);
        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        DownloadProgress bar = new DownloadProgress(new PrintStream(tty, true, StandardCharsets.UTF_8), true);
        bar.show(s);
        bar.show(s);
        bar.finish();
        String drawn = tty.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\r[############............] "), drawn);
        assertEquals(1, drawn.chars().filter(c -> c == '\n').count(), "redrawn in place, one newline at the end: " + drawn);
        assertEquals(2, drawn.chars().filter(c -> c == '\r').count());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DownloadProgress plain = new DownloadProgress(new PrintStream(log, true, StandardCharsets.UTF_8), false);
        plain.show(s);
        plain.show(s);
        assertEquals(2, log.toString(StandardCharsets.UTF_8).lines().count());
        assertTrue(plain.interval().toMillis() > bar.interval().toMillis());
    }

    @Test
    void theSummaryNamesTheFileAndWhatWentWrongOnTheWay() {
        DownloadStatus s = new DownloadStatus(ID, Download.Phase.DONE, 4L << 20, 4L << 20, 0, 2, 1, 3, null);
        String line = DownloadProgress.summary(s, 2_000_000_000L, Path.of("out.bin"));
        assertEquals("verified " + ID + ": 4.0 MiB in 2.0 s (2.0 MiB/s), 3 blocks retransmitted, 1 source dropped -> out.bin",
                line);
    }
}
