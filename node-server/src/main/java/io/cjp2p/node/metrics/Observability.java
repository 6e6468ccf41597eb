package io.cjp2p.node.metrics;

import io.cjp2p.node.download.Downloads;
import io.cjp2p.node.content.ContentServices;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.udp.Transport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;

import java.util.List;

/**
 * Everything an operator scrapes: the node's packet-path metrics, JVM, GC, process and Netty
 * allocator metrics and the kernel's UDP error counters, in one Prometheus registry.
 */
public final class Observability implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final NodeMetrics nodeMetrics;
    private BridgeMetrics bridgeMetrics;

    /**
     * Keeps the scrape clean for {@code promtool check metrics}: the Netty allocator meters carry no
     * help text. (The CPU meters, which broke the naming rules in Micrometer's {@code
     * ProcessorMetrics}, come from {@link CpuMetrics} with clean names.)
     */
    static final MeterFilter PROMTOOL_CLEAN = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            if (id.getDescription() != null && !id.getDescription().isBlank()) {
                return id;
            }
            return new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(), id.getName().replace('.', ' '),
                    id.getType());
        }
    };

    private Observability(String version) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(PROMTOOL_CLEAN);
        nodeMetrics = new NodeMetrics(registry);
        registry.getPrometheusRegistry().register(new HistogramCollector(nodeMetrics));
        new JvmMemoryMetrics().bindTo(registry);
        new GcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new CpuMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        bindAllocator(ByteBufAllocator.DEFAULT);
        if (ByteBufAllocator.DEFAULT != PooledByteBufAllocator.DEFAULT) {
            // Netty 4.2 defaults to the adaptive allocator, but parts of Netty still use the pooled one.
            bindAllocator(PooledByteBufAllocator.DEFAULT);
        }
        new KernelUdpStats().bindTo(registry);
        Gauge.builder("cjp2p.build.info", () -> 1).tag("version", version)
                .description("Always 1; the version label tells which build runs").register(registry);
    }

    public static Observability create(String version) {
        return new Observability(version);
    }

    private void bindAllocator(ByteBufAllocator allocator) {
        if (allocator instanceof ByteBufAllocatorMetricProvider provider) {
            new NettyAllocatorMetrics(provider).bindTo(registry);
        }
    }

    /** The events the packet path reports to. */
    public NodeMetrics events() {
        return nodeMetrics;
    }

    /** Gauges over a running node's tables and packet channels. */
    public void bind(PeerTable peers, CandidateSet candidates, Transport transport) {
        nodeMetrics.bind(peers, candidates, transport);
    }

    /** Meters over the node's downloads. */
    public void bind(Downloads downloads) {
        DownloadMetrics.bind(registry, downloads);
    }

    /** Meters over the node's content side (served bytes, misses, tracker, index). */
    public void bind(ContentServices content) {
        ContentMetrics.register(registry, content);
    }

    /**
     * The browser bridge's meters, registered on first call with every refusal reason and Forward
     * outcome at zero (the same ones on later calls).
     */
    public synchronized BridgeMetrics bridge(List<String> refusalReasons, List<String> forwardOutcomes) {
        if (bridgeMetrics == null) {
            bridgeMetrics = new BridgeMetrics(registry, refusalReasons, forwardOutcomes);
        }
        return bridgeMetrics;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition format, version 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        registry.close();
    }
}
