package io.cjp2p.node.metrics;

import io.cjp2p.node.download.Downloads;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The downloads' meters, read from {@link Downloads} at scrape time: bytes received, blocks asked
 * again, downloads running and ended.
 */
final class DownloadMetrics {
    private DownloadMetrics() {
    }

    static void bind(MeterRegistry registry, Downloads downloads) {
        FunctionCounter.builder("cjp2p.download.received", downloads, Downloads::bytesReceived).baseUnit("bytes")
                .description("New content bytes written by downloads (duplicates not counted)").register(registry);
        FunctionCounter.builder("cjp2p.download.blocks.retransmitted", downloads, Downloads::blocksRetransmitted)
                .description("Blocks asked for again after a loss or timeout").register(registry);
        FunctionCounter.builder("cjp2p.downloads.ended", downloads, Downloads::finishedCount).tag("result", "verified")
                .description("Downloads ended, by result").register(registry);
        FunctionCounter.builder("cjp2p.downloads.ended", downloads, Downloads::failedCount).tag("result", "failed")
                .description("Downloads ended, by result").register(registry);
        Gauge.builder("cjp2p.downloads.active", downloads, Downloads::activeCount).strongReference(true)
                .description("Downloads running").register(registry);
    }
}
