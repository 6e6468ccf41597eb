package io.cjp2p.node.cli;

import io.cjp2p.node.download.DownloadStatus;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What {@code get} prints while it runs: on a terminal a bar redrawn in place (bytes, rate, sources,
 * ETA), otherwise one plain line every few seconds; and a summary at the end.
 */
final class DownloadProgress {
    private static final int BAR = 24;
    private final PrintStream out;
    private final boolean terminal;
    private boolean drawn;

    DownloadProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** How often to redraw: a bar often, plain lines seldom (a log file wants few). */
    Duration interval() {
        return terminal ? Duration.ofMillis(250) : Duration.ofSeconds(5);
    }

    void show(DownloadStatus s) {
        String line = line(s);
        if (terminal) {
            out.print("\r" + bar(s) + " " + line + "   ");
            drawn = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the bar's line so that what follows starts on its own. */
    void finish() {
        if (drawn) {
            out.println();
        }
    }

    static String line(DownloadStatus s) {
        if (s.size() < 0) {
            return "searching for " + s.id().substring(0, 12) + "...";
        }
        long eta = s.etaSeconds();
        return String.format(Locale.ROOT, "%s / %s  %s/s  %d source%s  ETA %s", bytes(s.present()), bytes(s.size()),
                bytes(s.bytesPerSecond()), s.sources(), s.sources() == 1 ? "" : "s",
                eta < 0 ? "?" : String.format(Locale.ROOT, "%d:%02d", eta / 60, eta % 60));
    }

    private static String bar(DownloadStatus s) {
        int filled = s.size() <= 0 ? 0 : (int) (BAR * s.present() / s.size());
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }

    static String summary(DownloadStatus s, long elapsedNanos, Path written) {
        double seconds = Math.max(1e-3, elapsedNanos / 1e9);
        return String.format(Locale.ROOT, "verified %s: %s in %.1f s (%s/s), %d block%s retransmitted, %d source%s dropped -> %s",
                s.id(), bytes(s.size()), seconds, bytes((long) (s.size() / seconds)), s.retransmitted(),
                s.retransmitted() == 1 ? "" : "s", s.dropped(), s.dropped() == 1 ? "" : "s", written);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
