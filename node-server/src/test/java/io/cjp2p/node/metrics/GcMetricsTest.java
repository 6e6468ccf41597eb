package io.cjp2p.node.metrics;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GcMetricsTest {
    private static volatile byte[] sink;

    @Test
    void oneTimerPerCollectorReadWhenScraped() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GcMetrics().bindTo(registry);
        List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
        assertEquals(beans.size(), registry.find("jvm.gc.pause").functionTimers().size());
        long before = collections(registry);
        System.gc();
        long after = collections(registry);
        assertTrue(after > before, "collections counted " + before + " then " + after);
        for (GarbageCollectorMXBean bean : beans) {
            FunctionTimer timer = registry.get("jvm.gc.pause").tag("gc", bean.getName()).functionTimer();
            assertEquals(bean.getCollectionCount(), (long) timer.count());
            assertEquals(bean.getCollectionTime(), timer.totalTime(TimeUnit.MILLISECONDS), 0.001);
        }
    }

    @Test
    void allocationIsCountedAsItHappens() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GcMetrics().bindTo(registry);
        double before = registry.get("jvm.gc.memory.allocated").functionCounter().count();
        sink = new byte[8 << 20];
        double after = registry.get("jvm.gc.memory.allocated").functionCounter().count();
        assertTrue(after - before >= sink.length, "counted " + (after - before) + " bytes");
    }

    @Test
    void noAllocationCounterWhereTheJvmCannotCount() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(false);
        try {
            new GcMetrics().bindTo(registry);
        } finally {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
        assertTrue(registry.find("jvm.gc.memory.allocated").meters().isEmpty());
        assertEquals(ManagementFactory.getGarbageCollectorMXBeans().size(),
                registry.find("jvm.gc.pause").functionTimers().size());
    }

    private static long collections(SimpleMeterRegistry registry) {
        return registry.find("jvm.gc.pause").functionTimers().stream().mapToLong(t -> (long) t.count()).sum();
    }
}
