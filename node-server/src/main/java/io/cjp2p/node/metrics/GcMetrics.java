package io.cjp2p.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The collectors' counts and times and the bytes allocated, read from the JVM's management beans
 * when Prometheus scrapes.
 *
 * <p>Why not Micrometer's {@code JvmGcMetrics}: it subscribes to the JVM's GC notifications, and
 * the JVM then builds a JMX notification after every collection, on the CPUs the event loop needs
 * right after a pause (docs/benchmarks.md). Polling costs the packet path nothing.
 *
 * <p>The meters keep {@code JvmGcMetrics}' names, so the dashboard and {@code loadtest/bench.sh}
 * read them unchanged: {@code jvm_gc_pause_seconds} (count and sum, per collector; there is no
 * {@code _max}, which only notifications give) and {@code jvm_gc_memory_allocated_bytes_total}
 * (every thread's allocation, counted as it happens rather than at the next collection).
 */
public final class GcMetrics {
    private final List<GarbageCollectorMXBean> collectors;
    private final ThreadMXBean threads;

    GcMetrics(List<GarbageCollectorMXBean> collectors, ThreadMXBean threads) {
        this.collectors = collectors;
        this.threads = threads;
    }

    public GcMetrics() {
        this(ManagementFactory.getGarbageCollectorMXBeans(), ManagementFactory.getThreadMXBean());
    }

    public void bindTo(MeterRegistry registry) {
        for (GarbageCollectorMXBean collector : collectors) {
            FunctionTimer.builder("jvm.gc.pause", collector, GarbageCollectorMXBean::getCollectionCount,
                            GarbageCollectorMXBean::getCollectionTime, TimeUnit.MILLISECONDS)
                    .tag("gc", collector.getName())
                    .description("Collections and their time, as the collector reports them "
                            + "(all pauses for the serial collector the node runs by default)")
                    .register(registry);
        }
        if (threads instanceof com.sun.management.ThreadMXBean allocation
                && allocation.isThreadAllocatedMemorySupported() && allocation.isThreadAllocatedMemoryEnabled()) {
            FunctionCounter.builder("jvm.gc.memory.allocated", allocation,
                            com.sun.management.ThreadMXBean::getTotalThreadAllocatedBytes)
                    .baseUnit(BaseUnits.BYTES)
                    .description("Bytes allocated on the heap by all threads since the JVM started")
                    .register(registry);
        }
    }
}
