package io.cjp2p.node.metrics;

import io.cjp2p.node.content.ContentCounters;
import io.cjp2p.node.content.ContentServices;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.ToDoubleFunction;

/**
 * The content side's meters: what was served over UDP (by whether the requester was verified) and
 * HTTP, misses, the tracker and the index. Read from {@link ContentCounters} at scrape time.
 */
final class ContentMetrics {
    private ContentMetrics() {
    }

    static void register(MeterRegistry registry, ContentServices content) {
        ContentCounters c = content.counters();
        for (boolean verified : new boolean[]{true, false}) {
            String requester = verified ? "verified" : "unverified";
            FunctionCounter.builder("cjp2p.content.served.bytes", c, x -> x.bytesServed(verified))
                    .tag("requester", requester).baseUnit("bytes")
                    .description("Object bytes sent in Content replies over UDP").register(registry);
            FunctionCounter.builder("cjp2p.content.served.blocks", c, x -> x.blocksServed(verified))
                    .tag("requester", requester).description("Content replies sent over UDP").register(registry);
        }
        counter(registry, "cjp2p.content.misses", c, ContentCounters::misses,
                "PleaseSendContent for an object this node does not hold");
        counter(registry, "cjp2p.content.bad.ids", c, ContentCounters::badIds,
                "PleaseSendContent for an id that is not 64 lowercase hex digits (never looked up)");
        counter(registry, "cjp2p.content.tracker.replies", c, ContentCounters::trackerReplies,
                "MaybeTheyHaveSome replies sent");
        counter(registry, "cjp2p.content.list.replies", c, ContentCounters::listReplies, "ContentList replies sent");
        counter(registry, "cjp2p.content.read.errors", c, ContentCounters::readErrors, "Failed reads of a held file");
        counter(registry, "cjp2p.content.http.bytes", c, ContentCounters::httpBytes, "Object bytes sent over HTTP");
        counter(registry, "cjp2p.content.uploads", c, ContentCounters::uploads, "Objects stored by POST /upload");
        Gauge.builder("cjp2p.content.held.objects", content, s -> s.index().size())
                .description("Objects this node serves").strongReference(true).register(registry);
        Gauge.builder("cjp2p.content.tracker.ids", content, s -> s.tracker().size(System.nanoTime()))
                .description("Ids the tracker knows sources for (bounded)").strongReference(true).register(registry);
        FunctionCounter.builder("cjp2p.content.hashed.bytes", content, s -> s.index().bytesHashed()).baseUnit("bytes")
                .description("Bytes of shared files hashed by the index").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, ContentCounters c,
                                ToDoubleFunction<ContentCounters> f, String description) {
        FunctionCounter.builder(name, c, f).description(description).register(registry);
    }
}
