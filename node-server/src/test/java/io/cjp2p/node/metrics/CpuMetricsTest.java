package io.cjp2p.node.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuMetricsTest {
    /** The first line as Linux writes it, then the per-CPU lines and a long interrupt line. */
    private static String stat(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
                               long steal) {
        return "cpu  " + user + " " + nice + " " + system + " " + idle + " " + iowait + " " + irq + " " + softirq
                + " " + steal + " 0 0\n"
                + "cpu0 1 2 3 4 5 6 7 8 0 0\n"
                + "intr 123" + " 0".repeat(2000) + "\n";
    }

    private static double systemSeconds(SimpleMeterRegistry registry, String mode) {
        return registry.get("system.cpu").tag("mode", mode).functionCounter().count();
    }

    @Test
    void countersAreCpuSecondsSinceStartAndReadingsDoNotResetThem(@TempDir Path dir) throws IOException {
        Path procStat = Files.writeString(dir.resolve("stat"), stat(100, 0, 50, 800, 50, 0, 0, 0));
        long[] cpu = {4_000_000_000L};
        CpuMetrics m = new CpuMetrics(procStat, () -> cpu[0], () -> 2, () -> 0.5);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        m.bindTo(registry);
        assertEquals(4.0, registry.get("process.cpu").functionCounter().count(), 1e-9);
        // 150 busy and 850 idle ticks of 1/100 s.
        assertEquals(1.5, systemSeconds(registry, "busy"), 1e-9);
        assertEquals(8.5, systemSeconds(registry, "idle"), 1e-9);
        assertEquals(2, registry.get("system.cpus").gauge().value());
        assertEquals(0.5, registry.get("system.load.average.1m").gauge().value());

        // A second reading with nothing used in between gives the same totals, not zero.
        assertEquals(4.0, registry.get("process.cpu").functionCounter().count(), 1e-9);
        assertEquals(1.5, systemSeconds(registry, "busy"), 1e-9);

        cpu[0] += 1_500_000_000L;
        Files.writeString(procStat, stat(300, 0, 150, 850, 100, 0, 0, 0));
        assertEquals(5.5, registry.get("process.cpu").functionCounter().count(), 1e-9);
        assertEquals(4.5, systemSeconds(registry, "busy"), 1e-9);
        assertEquals(9.5, systemSeconds(registry, "idle"), 1e-9);
    }

    /** The names Prometheus sees: counters of seconds, as rate() and promtool want them. */
    @Test
    void prometheusSeesSecondsTotalCounters(@TempDir Path dir) throws IOException {
        Path procStat = Files.writeString(dir.resolve("stat"), stat(100, 0, 50, 800, 50, 0, 0, 0));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new CpuMetrics(procStat, () -> 4_000_000_000L, () -> 2, () -> 0.5).bindTo(registry);
        String text = registry.scrape();
        assertTrue(text.contains("# TYPE process_cpu_seconds_total counter\n"), text);
        assertTrue(text.contains("process_cpu_seconds_total 4.0\n"), text);
        assertTrue(text.contains("# TYPE system_cpu_seconds_total counter\n"), text);
        assertTrue(text.contains("system_cpu_seconds_total{mode=\"busy\"} 1.5\n"), text);
        assertTrue(text.contains("system_cpu_seconds_total{mode=\"idle\"} 8.5\n"), text);
        assertTrue(!text.contains("cpu_usage"), text);
    }

    @Test
    void readsTheFirstLineOnlyAndRefusesWhatIsNotProcStat(@TempDir Path dir) throws IOException {
        CpuMetrics m = new CpuMetrics(Files.writeString(dir.resolve("stat"), stat(1, 2, 3, 4, 5, 6, 7, 8)),
                () -> 0, () -> 1, () -> -1);
        assertArrayEquals(new long[] {1 + 2 + 3 + 6 + 7 + 8, 4 + 5}, m.systemTicks());
        assertNull(new CpuMetrics(Files.writeString(dir.resolve("other"), "intr 1 2 3\n"), () -> 0, () -> 1,
                () -> -1).systemTicks());
        assertNull(new CpuMetrics(dir.resolve("missing"), () -> 0, () -> 1, () -> -1).systemTicks());
    }

    @Test
    void registersOnlyWhatThisMachineCanTell(@TempDir Path dir) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CpuMetrics(dir.resolve("missing"), () -> -1, () -> 4, () -> -1).bindTo(registry);
        assertEquals(4, registry.get("system.cpus").gauge().value());
        assertTrue(registry.find("system.cpu").meters().isEmpty());
        assertTrue(registry.find("process.cpu").meters().isEmpty());
        assertTrue(registry.find("system.load.average.1m").meters().isEmpty());
    }

    /** Nothing but the registry refers to the binder; after a collection the meters must still answer. */
    @Test
    void theMetersOutliveACollection(@TempDir Path dir) throws IOException {
        Path procStat = Files.writeString(dir.resolve("stat"), stat(100, 0, 50, 800, 50, 0, 0, 0));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CpuMetrics(procStat, () -> 1_000_000L, () -> 1, () -> 0.25).bindTo(registry);
        System.gc();
        System.gc();
        assertEquals(0.001, registry.get("process.cpu").functionCounter().count(), 1e-12);
        assertEquals(1.5, systemSeconds(registry, "busy"), 1e-9);
        assertEquals(0.25, registry.get("system.load.average.1m").gauge().value());
    }

    @Test
    void theRealOneCountsUpOnLinux() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CpuMetrics().bindTo(registry);
        double before = registry.get("process.cpu").functionCounter().count();
        // Spin until the JVM's CPU clock moves on (it may tick coarsely); a stuck counter fails.
        long deadline = System.nanoTime() + 10_000_000_000L;
        long x = 0;
        double after = before;
        while (after <= before && System.nanoTime() < deadline) {
            for (int i = 0; i < 1_000_000; i++) {
                x += x * 31 + 7;
            }
            after = registry.get("process.cpu").functionCounter().count();
        }
        assertTrue(before > 0 && after > before, "process " + before + " -> " + after + " (" + x + ")");
        if (Files.isReadable(Path.of("/proc/stat"))) {
            double busy = systemSeconds(registry, "busy");
            assertTrue(busy > 0 && systemSeconds(registry, "idle") >= 0, "busy " + busy);
        }
    }
}
