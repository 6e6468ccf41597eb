package io.cjp2p.node.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

    @Test
    void usagesAreSharesOfCpuTimeSinceThePreviousReading(@TempDir Path dir) throws IOException {
        Path procStat = Files.writeString(dir.resolve("stat"), stat(100, 0, 50, 800, 50, 0, 0, 0));
        long[] now = {10_000_000_000L};
        long[] cpu = {4_000_000_000L};
        // Started 10 s before "now", on 2 CPUs, and used 4 s of CPU since: 20 % of the machine.
        CpuMetrics m = new CpuMetrics(procStat, () -> cpu[0], () -> now[0], 10_000_000_000L, () -> 2, () -> 0.5);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        m.bindTo(registry);
        assertEquals(0.2, registry.get("process.cpu.usage").gauge().value(), 1e-9);
        // The machine since boot: 150 busy of 1 000 ticks.
        assertEquals(0.15, registry.get("system.cpu.usage").gauge().value(), 1e-9);
        assertEquals(2, registry.get("system.cpus").gauge().value());
        assertEquals(0.5, registry.get("system.load.average.1m").gauge().value());

        // One second later: 1.5 s more CPU on 2 CPUs is 75 %; the machine 300 busy of 400 ticks.
        now[0] += 1_000_000_000L;
        cpu[0] += 1_500_000_000L;
        Files.writeString(procStat, stat(300, 0, 150, 850, 100, 0, 0, 0));
        assertEquals(0.75, registry.get("process.cpu.usage").gauge().value(), 1e-9);
        assertEquals(0.75, registry.get("system.cpu.usage").gauge().value(), 1e-9);
    }

    @Test
    void readsTheFirstLineOnlyAndRefusesWhatIsNotProcStat(@TempDir Path dir) throws IOException {
        CpuMetrics m = new CpuMetrics(Files.writeString(dir.resolve("stat"), stat(1, 2, 3, 4, 5, 6, 7, 8)),
                () -> 0, () -> 1, 1, () -> 1, () -> -1);
        assertArrayEquals(new long[] {1 + 2 + 3 + 6 + 7 + 8, 36}, m.systemTicks());
        assertNull(new CpuMetrics(Files.writeString(dir.resolve("other"), "intr 1 2 3\n"), () -> 0, () -> 1, 1,
                () -> 1, () -> -1).systemTicks());
        assertNull(new CpuMetrics(dir.resolve("missing"), () -> 0, () -> 1, 1, () -> 1, () -> -1).systemTicks());
    }

    @Test
    void registersOnlyWhatThisMachineCanTell(@TempDir Path dir) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CpuMetrics(dir.resolve("missing"), () -> -1, () -> 1, 1, () -> 4, () -> -1).bindTo(registry);
        assertEquals(4, registry.get("system.cpus").gauge().value());
        assertTrue(registry.find("system.cpu.usage").meters().isEmpty());
        assertTrue(registry.find("process.cpu.usage").meters().isEmpty());
        assertTrue(registry.find("system.load.average.1m").meters().isEmpty());
    }

    /** Nothing but the registry refers to the binder; after a collection the gauges must still answer. */
    @Test
    void theGaugesOutliveACollection(@TempDir Path dir) throws IOException {
        Path procStat = Files.writeString(dir.resolve("stat"), stat(100, 0, 50, 800, 50, 0, 0, 0));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        long start = System.nanoTime();
        new CpuMetrics(procStat, () -> 1_000_000L, () -> start + 2_000_000L, 2_000_000L, () -> 1, () -> 0.25)
                .bindTo(registry);
        System.gc();
        System.gc();
        assertEquals(0.5, registry.get("process.cpu.usage").gauge().value(), 1e-9);
        assertEquals(0.15, registry.get("system.cpu.usage").gauge().value(), 1e-9);
        assertEquals(0.25, registry.get("system.load.average.1m").gauge().value());
    }

    @Test
    void theRealOneAnswersOnLinux() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CpuMetrics().bindTo(registry);
        double process = registry.get("process.cpu.usage").gauge().value();
        assertTrue(process >= 0 && process <= 1, "process " + process);
        if (Files.isReadable(Path.of("/proc/stat"))) {
            double system = registry.get("system.cpu.usage").gauge().value();
            assertTrue(system >= 0 && system <= 1, "system " + system);
        }
    }
}
