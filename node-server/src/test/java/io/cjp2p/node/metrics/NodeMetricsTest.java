package io.cjp2p.node.metrics;

import io.cjp2p.codec.DropReason;
import io.cjp2p.codec.SkipReason;
import io.cjp2p.node.peer.RoundTripRejection;
import io.cjp2p.node.pipeline.MessageType;
import io.cjp2p.node.pipeline.Refusal;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NodeMetrics metrics = new NodeMetrics(registry);

    private double count(String name, String tag, String value) {
        FunctionCounter c = tag == null ? registry.get(name).functionCounter()
                : registry.get(name).tag(tag, value).functionCounter();
        return c.count();
    }

    @Test
    void countsDatagramsAndBytesBothWays() {
        metrics.datagramReceived(100);
        metrics.datagramReceived(23);
        metrics.datagramSent(57);
        assertEquals(2, count("cjp2p.datagrams.received", null, null));
        assertEquals(123, count("cjp2p.received", null, null));
        assertEquals(1, count("cjp2p.datagrams.sent", null, null));
        assertEquals(57, count("cjp2p.sent", null, null));
    }

    @Test
    void unknownMessageTypesAreCountedAsOther() {
        metrics.messageReceived(MessageType.of("PleaseSendPeers"));
        metrics.messageReceived(MessageType.of("PleaseSendPeers"));
        metrics.messageReceived(MessageType.of("SomethingNew"));
        metrics.messageReceived(MessageType.of("pleasesendpeers"));
        metrics.messageSent(MessageType.of("Peers"));
        metrics.messageSent(MessageType.of("MyPublicKey"));
        metrics.messageSent(MessageType.of("GetLatest"));
        assertEquals(2, count("cjp2p.messages.received", "type", "PleaseSendPeers"));
        assertEquals(2, count("cjp2p.messages.received", "type", "other"));
        assertEquals(1, count("cjp2p.messages.sent", "type", "Peers"));
        assertEquals(1, count("cjp2p.messages.sent", "type", "MyPublicKey"));
        assertEquals(1, count("cjp2p.messages.sent", "type", "other"));
        Set<String> types = registry.find("cjp2p.messages.received").functionCounters().stream()
                .map(c -> c.getId().getTag("type")).collect(Collectors.toSet());
        assertEquals(Set.of("PleaseSendPeers", "Peers", "PleaseReturnThisMessage", "ReturnedMessage",
                "PleaseAlwaysReturnThisMessage", "AlwaysReturned", "MyPublicKey", "SignedMessage", "EncryptedMessages",
                "FastEncryptedMessages", "WhereAreThey", "Forwarded", "ChatMessage", "PleaseSendContent", "Content",
                "MaybeTheyHaveSome", "PleaseListContent", "ContentList", "IJustSawThis", "other"), types);
    }

    @Test
    void dropsAndSkipsAreCountedByReason() {
        metrics.datagramDropped(DropReason.NOT_JSON);
        metrics.datagramDropped(DropReason.TOO_DEEP);
        metrics.datagramDropped(DropReason.TOO_DEEP);
        metrics.datagramRefused(Refusal.BAD_SOURCE);
        metrics.elementSkipped(SkipReason.BAD_BODY);
        assertEquals(1, count("cjp2p.datagrams.dropped", "reason", "not_json"));
        assertEquals(2, count("cjp2p.datagrams.dropped", "reason", "too_deep"));
        assertEquals(1, count("cjp2p.datagrams.dropped", "reason", "bad_source"));
        assertEquals(0, count("cjp2p.datagrams.dropped", "reason", "rate_limited_source"));
        assertEquals(1, count("cjp2p.elements.skipped", "reason", "bad_body"));
    }

    @Test
    void everyDropLabelIsKnownUpFrontAndCountsAlone() {
        Set<String> labels = registry.find("cjp2p.datagrams.dropped").functionCounters().stream()
                .map(c -> c.getId().getTag("reason")).collect(Collectors.toSet());
        Set<String> expected = new java.util.HashSet<>();
        for (DropReason r : DropReason.values()) {
            expected.add(r.label());
        }
        for (Refusal r : Refusal.values()) {
            expected.add(r.label());
        }
        assertEquals(expected, labels);
        assertEquals(DropReason.values().length + Refusal.values().length, labels.size(), "no label is shared");
        for (Refusal r : Refusal.values()) {
            metrics.datagramRefused(r);
        }
        for (Refusal r : Refusal.values()) {
            assertEquals(1, count("cjp2p.datagrams.dropped", "reason", r.label()), r.label());
        }
        assertEquals(0, count("cjp2p.datagrams.dropped", "reason", DropReason.NOT_JSON.label()));
    }

    @Test
    void verifiedAndTrimmedAreCounted() {
        metrics.datagramValidated(true);
        metrics.datagramValidated(false);
        metrics.datagramValidated(false);
        metrics.replyTrimmed(3);
        assertEquals(1, count("cjp2p.datagrams.validated", "cookie", "verified"));
        assertEquals(2, count("cjp2p.datagrams.validated", "cookie", "unverified"));
        assertEquals(1, count("cjp2p.replies.trimmed", null, null));
        assertEquals(3, count("cjp2p.trimmed.messages", null, null));
    }

    @Test
    void rejectedRoundTripsAreCountedByReason() {
        metrics.roundTripRejected(RoundTripRejection.UNKNOWN);
        metrics.roundTripRejected(RoundTripRejection.UNKNOWN);
        metrics.roundTripRejected(RoundTripRejection.WRONG_SOURCE);
        assertEquals(2, count("cjp2p.round.trips.rejected", "reason", "unknown"));
        assertEquals(1, count("cjp2p.round.trips.rejected", "reason", "wrong_source"));
        assertEquals(0, count("cjp2p.round.trips.rejected", "reason", "replayed"));
        Set<String> reasons = registry.find("cjp2p.round.trips.rejected").functionCounters().stream()
                .map(c -> c.getId().getTag("reason")).collect(Collectors.toSet());
        assertEquals(Set.of("malformed", "unknown", "replayed", "expired", "wrong_source"), reasons);
    }

    @Test
    void histogramsBucketByUpperBound() {
        metrics.roundTrip(100_000);          // exactly 100 us: the first bucket (le is inclusive)
        metrics.roundTrip(150_000);          // 150 us: le=200us
        metrics.roundTrip(3_000_000_000L);   // 3 s: le=5s
        metrics.roundTrip(20_000_000_000L);  // 20 s: +Inf
        metrics.roundTrip(-5);               // not a time: ignored
        NodeMetrics.HistogramTotals rtt = metrics.roundTripTotals();
        long[] expected = new long[Buckets.ROUND_TRIP.bounds() + 1];
        expected[0] = 1;
        expected[1] = 1;
        expected[14] = 1;
        expected[16] = 1;
        assertArrayEquals(expected, rtt.counts());
        assertEquals(4, rtt.count());
        assertEquals(23.00025, rtt.sumSeconds(), 1e-9);
        assertEquals(5.0, Buckets.ROUND_TRIP.upperSeconds()[14]);

        metrics.datagramProcessed(3_500);
        assertEquals(1, metrics.processingTotals().counts()[2]); // le=5us
    }

    @Test
    void countsFromSeveralThreadsAddUp() throws InterruptedException {
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    metrics.datagramReceived(2);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(40_000, count("cjp2p.datagrams.received", null, null));
        assertEquals(80_000, count("cjp2p.received", null, null));
    }
}
