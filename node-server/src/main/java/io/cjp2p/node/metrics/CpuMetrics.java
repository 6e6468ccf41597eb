package io.cjp2p.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
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
 * CPU time as counters for {@code rate()}: {@code process_cpu_seconds_total} (this JVM) and
 * {@code system_cpu_seconds_total{mode="busy"|"idle"}} (all CPUs of the machine, from the first
 * line of {@code /proc/stat}), with {@code system_cpus} and {@code system_load_average_1m}.
 *
 * <p>Counters rather than usage gauges, so any number of scrapers can read them and the dashboard
 * chooses the window. Not Micrometer's {@code ProcessorMetrics}: the JDK's container support reads
 * several cgroup files each time it is asked for the system's load, a large part of a scrape's
 * cost (docs/benchmarks.md). {@code /proc/stat} counts the whole machine, also in a container.
 */
public final class CpuMetrics {
    /**
     * Linux reports {@code /proc/stat} in USER_HZ ticks, 100 a second on every architecture the
     * node runs on (the value is fixed by the kernel's ABI, not by its HZ).
     */
    private static final double SECONDS_PER_TICK = 0.01;

    private final Path procStat;
    private final LongSupplier processCpuNanos;
    private final IntSupplier cpus;
    private final DoubleSupplier loadAverage;

    CpuMetrics(Path procStat, LongSupplier processCpuNanos, IntSupplier cpus, DoubleSupplier loadAverage) {
        this.procStat = procStat;
        this.processCpuNanos = processCpuNanos;
        this.cpus = cpus;
        this.loadAverage = loadAverage;
    }

    public CpuMetrics() {
        this(Path.of("/proc/stat"), processCpuTime(), () -> Runtime.getRuntime().availableProcessors(),
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
     * Registers what this machine can tell: each meter only if its source answers now. Micrometer
     * holds a meter's state object only weakly and nothing else keeps a CpuMetrics, so each
     * function here refers to this object (or its gauge is strong), which keeps it alive.
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
            FunctionCounter.builder("process.cpu", this, m -> processSeconds()).baseUnit("seconds")
                    .description("CPU time used by this process since it started").register(registry);
        }
        if (systemTicks() != null) {
            FunctionCounter.builder("system.cpu", this, m -> systemSeconds(0)).baseUnit("seconds")
                    .tag("mode", "busy")
                    .description("CPU time of all the machine's processors since boot (/proc/stat), busy or idle"
                            + " (idle includes iowait)").register(registry);
            FunctionCounter.builder("system.cpu", this, m -> systemSeconds(1)).baseUnit("seconds")
                    .tag("mode", "idle")
                    .description("CPU time of all the machine's processors since boot (/proc/stat), busy or idle"
                            + " (idle includes iowait)").register(registry);
        }
    }

    double processSeconds() {
        long cpu = processCpuNanos.getAsLong();
        return cpu < 0 ? Double.NaN : cpu / 1e9;
    }

    /** Busy (0) or idle (1) seconds of all CPUs since boot; NaN when /proc/stat cannot be read. */
    double systemSeconds(int mode) {
        long[] t = systemTicks();
        return t == null ? Double.NaN : t[mode] * SECONDS_PER_TICK;
    }

    /**
     * Busy and idle ticks of all CPUs from the first line of /proc/stat ("cpu  user nice system
     * idle iowait irq softirq steal ..."; guest time is already in user), or null when unreadable.
     */
    long[] systemTicks() {
        try {
            List<String> f = ProcText.fields(ProcText.firstLine(procStat, 512), 0);
            if (f.size() < 5 || !f.get(0).equals("cpu")) {
                return null;
            }
            long busy = 0;
            long idle = 0;
            for (int k = 1; k < Math.min(f.size(), 9); k++) {
                long v = Long.parseLong(f.get(k));
                if (k == 4 || k == 5) { // idle, iowait
                    idle += v;
                } else {
                    busy += v;
                }
            }
            return new long[] {busy, idle};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
