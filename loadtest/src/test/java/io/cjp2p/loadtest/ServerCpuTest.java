package io.cjp2p.loadtest;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerCpuTest {
    /** Another process (a busy shell, as the node is another JVM) is measured, and its CPU grows. */
    @Test
    void readsAnotherProcesssCpuTimeAsTheKernelCountsIt() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            long pid = busy.pid();
            double first = ServerCpu.seconds(pid);
            assertTrue(first >= 0, "readable: " + first);
            double later = first;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (later <= first && System.nanoTime() < deadline) {
                Thread.sleep(50);
                later = ServerCpu.seconds(pid);
            }
            assertTrue(later > first, first + " -> " + later);
            // Stopped, its CPU time holds still: the JDK's figure is utime + stime of /proc/<pid>/stat.
            new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(100);
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (Files.isReadable(stat)) {
                String text = Files.readString(stat);
                String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                double ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                assertEquals(ticks / 100, ServerCpu.seconds(pid), 0.011, text);
            }
        } finally {
            busy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void ourOwnProcessIsMeasured() {
        assertTrue(ServerCpu.seconds(ProcessHandle.current().pid()) > 0);
    }

    @Test
    void noProcessReadsAsMinusOne() throws Exception {
        assertEquals(-1, ServerCpu.seconds(0));
        assertEquals(-1, ServerCpu.seconds(-5));
        Process done = new ProcessBuilder("true").start();
        done.waitFor(10, TimeUnit.SECONDS);
        long pid = done.pid();
        // The child has been reaped by now; its pid names no process (unless reused in between).
        if (ProcessHandle.of(pid).isEmpty()) {
            assertEquals(-1, ServerCpu.seconds(pid));
        }
    }
}
