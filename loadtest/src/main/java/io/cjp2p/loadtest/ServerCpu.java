package io.cjp2p.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the server process under test, from {@code /proc/<pid>/stat} (utime + stime, in
 * clock ticks of 1/100 s, Linux's USER_HZ on every common architecture).
 */
final class ServerCpu {
    private static final double TICK_SECONDS = 0.01;

    private ServerCpu() {
    }

    /** Seconds of CPU the process has used, or -1 when it cannot be read. */
    static double seconds(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            return (utime + stime) * TICK_SECONDS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
