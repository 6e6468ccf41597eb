package io.cjp2p.node.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.List;

/**
 * Exports the per-loop histogram buckets of {@link NodeMetrics} as Prometheus classic histograms.
 *
 * <p>Micrometer's timers would lock-free but still CAS shared cells and track a decaying max on every
 * record; here the buckets are the loops' own counters, and this collector only adds them up when
 * Prometheus scrapes.
 */
final class HistogramCollector implements MultiCollector {
    static final String ROUND_TRIP = "cjp2p_peer_rtt_seconds";
    static final String PROCESSING = "cjp2p_datagram_processing_seconds";
    private static final String ROUND_TRIP_HELP = "Peer round-trip time, measured through our PleaseReturnThisMessage";
    private static final String PROCESSING_HELP = "Time from decoding a datagram to queueing its reply";

    private final NodeMetrics metrics;

    HistogramCollector(NodeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(
                snapshot(ROUND_TRIP, ROUND_TRIP_HELP, Buckets.ROUND_TRIP, metrics.roundTripTotals()),
                snapshot(PROCESSING, PROCESSING_HELP, Buckets.PROCESSING, metrics.processingTotals()));
    }

    /** What {@link #collect()} returns, for the registry's check against names registered twice. */
    @Override
    public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
        return List.of(descriptor(ROUND_TRIP, ROUND_TRIP_HELP), descriptor(PROCESSING, PROCESSING_HELP));
    }

    private static MetricFamilyDescriptor descriptor(String name, String help) {
        return MetricFamilyDescriptor.histogram(name).help(help).unit(Unit.SECONDS).build();
    }

    private static HistogramSnapshot snapshot(String name, String help, Buckets buckets,
                                              NodeMetrics.HistogramTotals totals) {
        return HistogramSnapshot.builder()
                .name(name)
                .help(help)
                .unit(Unit.SECONDS)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(buckets.upperSeconds(), totals.counts()))
                        .sum(totals.sumSeconds())
                        .build())
                .build();
    }
}
