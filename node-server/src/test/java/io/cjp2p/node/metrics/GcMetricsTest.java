package io.cjp2p.node.metrics;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
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

    /** A JVM without HotSpot's bean, or with allocation counting switched off: GC timers only. */
    @Test
    void noAllocationCounterWhereTheJvmCannotCount() {
        ThreadMXBean plain = (ThreadMXBean) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ThreadMXBean.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        ThreadMXBean switchedOff = (ThreadMXBean) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {com.sun.management.ThreadMXBean.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isThreadAllocatedMemorySupported" -> true;
                    case "isThreadAllocatedMemoryEnabled" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        for (ThreadMXBean threads : List.of(plain, switchedOff)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new GcMetrics(collectors, threads).bindTo(registry);
            assertTrue(registry.find("jvm.gc.memory.allocated").meters().isEmpty());
            assertEquals(collectors.size(), registry.find("jvm.gc.pause").functionTimers().size());
        }
    }

    private static long collections(SimpleMeterRegistry registry) {
        return registry.find("jvm.gc.pause").functionTimers().stream().mapToLong(t -> (long) t.count()).sum();
    }
}
