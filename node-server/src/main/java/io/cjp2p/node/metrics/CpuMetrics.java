package io.cjp2p.node.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The CPU meters of Micrometer's {@code ProcessorMetrics}, under the same names ({@code
 * process_cpu_usage}, {@code system_cpu_usage}, {@code system_load_average_1m}, {@code
 * system_cpus}), without its cost.
 *
 * <p>Why not {@code ProcessorMetrics}: it asks the JDK for the system's CPU load, and the JDK's
 * container support answers by reading several cgroup files on every call. That was 213 of the 511
 * KiB a scrape allocated and about a seventh of its CPU (docs/benchmarks.md), on the two cores the
 * packet path runs on. Here a usage is the share of CPU time used since the previous reading, as
 * the JDK's "recent" loads are: the process's from the JVM's own CPU-time counter, the machine's
 * from the first line of {@code /proc/stat}. The first reading covers the time since the JVM (or
 * the machine) started. {@code system_cpu_usage} is the whole machine's, as {@code /proc/stat}
 * counts it, also in a container.
 */
public final class CpuMetrics {
    private final Path procStat;
    private final LongSupplier processCpuNanos;
    private final LongSupplier nanoClock;
    private final IntSupplier cpus;
    private final DoubleSupplier loadAverage;
    private long lastNanos;
    private long lastProcessCpu;
    private long lastBusyTicks;
    private long lastTotalTicks;

    CpuMetrics(Path procStat, LongSupplier processCpuNanos, LongSupplier nanoClock, long uptimeNanos, IntSupplier cpus,
               DoubleSupplier loadAverage) {
        this.procStat = procStat;
        this.processCpuNanos = processCpuNanos;
        this.nanoClock = nanoClock;
        this.cpus = cpus;
        this.loadAverage = loadAverage;
        this.lastNanos = nanoClock.getAsLong() - uptimeNanos;
    }

    public CpuMetrics() {
        this(Path.of("/proc/stat"), processCpuTime(), System::nanoTime,
                ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L,
                () -> Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean()::getSystemLoadAverage);
    }

    /** The JVM's CPU time in nanoseconds, or -1 where the JDK cannot tell. */
    private static LongSupplier processCpuTime() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun::getProcessCpuTime;
        }
        return () -> -1;
    }

    /**
     * Registers what this machine can tell: each meter only if its source answers now. The gauges
     * hold this object strongly: Micrometer keeps a gauge's state only weakly, nothing else keeps a
     * CpuMetrics, and a collected state reads as NaN.
     */
    public void bindTo(MeterRegistry registry) {
        // Micrometer calls this system.cpu.count, a gauge whose _count suffix promtool refuses.
        Gauge.builder("system.cpus", cpus::getAsInt)
                .description("The number of processors available to the Java virtual machine").register(registry);
        if (loadAverage.getAsDouble() >= 0) {
            Gauge.builder("system.load.average.1m", loadAverage, DoubleSupplier::getAsDouble).strongReference(true)
                    .description("The sum of the number of runnable entities queued to available processors and the"
                            + " number of runnable entities running on the available processors averaged over a"
                            + " period of time").register(registry);
        }
        if (processCpuNanos.getAsLong() >= 0) {
            Gauge.builder("process.cpu.usage", this, CpuMetrics::processUsage).strongReference(true)
                    .description("CPU used by this process since the previous reading, as a share of all available"
                            + " processors").register(registry);
        }
        if (systemTicks() != null) {
            Gauge.builder("system.cpu.usage", this, CpuMetrics::systemUsage).strongReference(true)
                    .description("CPU used on the whole machine since the previous reading (/proc/stat), as a share"
                            + " of all its processors").register(registry);
        }
    }

    synchronized double processUsage() {
        long now = nanoClock.getAsLong();
        long cpu = processCpuNanos.getAsLong();
        long elapsed = now - lastNanos;
        int n = Math.max(1, cpus.getAsInt());
        if (cpu < 0 || elapsed <= 0) {
            return Double.NaN;
        }
        double usage = (cpu - lastProcessCpu) / ((double) elapsed * n);
        lastNanos = now;
        lastProcessCpu = cpu;
        return Math.max(0, Math.min(1, usage));
    }

    synchronized double systemUsage() {
        long[] t = systemTicks();
        if (t == null || t[1] <= lastTotalTicks) {
            return Double.NaN;
        }
        double usage = (t[0] - lastBusyTicks) / (double) (t[1] - lastTotalTicks);
        lastBusyTicks = t[0];
        lastTotalTicks = t[1];
        return Math.max(0, Math.min(1, usage));
    }

    /**
     * Busy and total ticks of all CPUs from the first line of /proc/stat ("cpu  user nice system
     * idle iowait irq softirq steal ..."; guest time is already in user), or null when unreadable.
     */
    long[] systemTicks() {
        try {
            List<String> f = ProcText.fields(ProcText.firstLine(procStat, 512), 0);
            if (f.size() < 5 || !f.get(0).equals("cpu")) {
                return null;
            }
            long total = 0;
            long idle = 0;
            for (int k = 1; k < Math.min(f.size(), 9); k++) {
                long v = Long.parseLong(f.get(k));
                total += v;
                if (k == 4 || k == 5) { // idle, iowait
                    idle += v;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
