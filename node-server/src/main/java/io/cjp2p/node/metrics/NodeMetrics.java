package io.cjp2p.node.metrics;

import io.cjp2p.codec.DropReason;
import io.cjp2p.codec.SkipReason;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripRejection;
import io.cjp2p.node.pipeline.IdentityEvent;
import io.cjp2p.node.pipeline.MessageType;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.Refusal;
import io.cjp2p.node.udp.Transport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * The node's packet-path counters, as {@link NodeEvents}: each event loop counts into its own
 * {@link LoopCounters}, and Micrometer reads the sums when Prometheus scrapes. An event costs a
 * thread-local lookup (an array index on Netty's threads) and a plain add; nothing locks or
 * allocates, and every label is known at compile time.
 *
 * <p>Histograms (round-trip time, processing time) are bucket counters in the same arrays and are
 * exported by {@link HistogramCollector}.
 */
public final class NodeMetrics implements NodeEvents {
    private final List<LoopCounters> loops = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<LoopCounters> local = new FastThreadLocal<>() {
        @Override
        protected LoopCounters initialValue() {
            LoopCounters c = new LoopCounters();
            loops.add(c);
            return c;
        }
    };
    private final MeterRegistry registry;
    private List<EventExecutor> packetLoops = List.of();

    /** Registers the packet-path meters on {@code registry}. */
    public NodeMetrics(MeterRegistry registry) {
        this.registry = registry;
        counter("cjp2p.datagrams.received", null, "UDP datagrams received", LoopCounters.DATAGRAMS_RECEIVED);
        counter("cjp2p.received", "bytes", "UDP payload bytes received", LoopCounters.BYTES_RECEIVED);
        counter("cjp2p.datagrams.sent", null, "UDP datagrams sent (replies and probes)", LoopCounters.DATAGRAMS_SENT);
        counter("cjp2p.sent", "bytes", "UDP payload bytes sent", LoopCounters.BYTES_SENT);
        FunctionCounter.builder("cjp2p.datagrams.validated", this, m -> m.total(LoopCounters.VERIFIED))
                .tag("cookie", "verified").description("Decoded datagrams by cookie check result").register(registry);
        FunctionCounter.builder("cjp2p.datagrams.validated", this, m -> m.total(LoopCounters.UNVERIFIED))
                .tag("cookie", "unverified").description("Decoded datagrams by cookie check result").register(registry);
        counter("cjp2p.replies.trimmed", null, "Datagrams that lost messages to the 2x rule or the size cap",
                LoopCounters.REPLIES_TRIMMED);
        counter("cjp2p.trimmed.messages", null, "Messages removed from replies by the 2x rule or the size cap",
                LoopCounters.MESSAGES_TRIMMED);
        for (MessageType t : MessageType.values()) {
            int slot = t.ordinal();
            FunctionCounter.builder("cjp2p.messages.received", this, m -> m.total(LoopCounters.MESSAGES_RECEIVED + slot))
                    .tag("type", t.label()).description("Messages received, by type (unknown types: other)")
                    .register(registry);
            FunctionCounter.builder("cjp2p.messages.sent", this, m -> m.total(LoopCounters.MESSAGES_SENT + slot))
                    .tag("type", t.label()).description("Messages sent in replies and probes, by type")
                    .register(registry);
        }
        for (SkipReason r : SkipReason.values()) {
            FunctionCounter.builder("cjp2p.elements.skipped", this, m -> m.total(LoopCounters.SKIPPED + r.ordinal()))
                    .tag("reason", r.label()).description("Array elements skipped while the rest of the datagram was kept")
                    .register(registry);
        }
        for (DropReason r : DropReason.values()) {
            dropCounter(r.label(), LoopCounters.DROPPED + r.ordinal());
        }
        for (Refusal r : Refusal.values()) {
            dropCounter(r.label(), LoopCounters.REFUSED + r.ordinal());
        }
        for (IdentityEvent e : IdentityEvent.values()) {
            FunctionCounter.builder("cjp2p.identity.events", this, m -> m.total(LoopCounters.IDENTITY + e.ordinal()))
                    .tag("event", e.label())
                    .description("Identity messages: signatures, decryptions, key bindings, lookups, chat, sends to keys")
                    .register(registry);
        }
        for (RoundTripRejection r : RoundTripRejection.values()) {
            FunctionCounter.builder("cjp2p.round.trips.rejected", this,
                            m -> m.total(LoopCounters.ROUND_TRIPS_REJECTED + r.ordinal()))
                    .tag("reason", r.label())
                    .description("ReturnedMessages of verified peers that gave no round trip, by reason")
                    .register(registry);
        }
    }

    private void counter(String name, String baseUnit, String description, int slot) {
        FunctionCounter.Builder<NodeMetrics> b = FunctionCounter.builder(name, this, m -> m.total(slot))
                .description(description);
        if (baseUnit != null) {
            b.baseUnit(baseUnit);
        }
        b.register(registry);
    }

    private void dropCounter(String reason, int slot) {
        FunctionCounter.builder("cjp2p.datagrams.dropped", this, m -> m.total(slot))
                .tag("reason", reason)
                .description("Datagrams dropped whole, by reason").register(registry);
    }

    /** The tables and packet channels of a running node, read at scrape time. */
    public void bind(PeerTable peers, CandidateSet candidates, Transport transport) {
        gauge("cjp2p.peers", "Verified peers in the peer table", peers, PeerTable::size);
        gauge("cjp2p.peers.capacity", "Bound on the peer table", peers, PeerTable::capacity);
        gauge("cjp2p.peers.handout", "Peers verified recently enough to be handed out", peers,
                p -> p.handout().length);
        gauge("cjp2p.candidates", "Gossiped addresses waiting for a probe", candidates, CandidateSet::size);
        gauge("cjp2p.stored.cookies", "Cookies peers gave us, stored to return to them", peers,
                PeerTable::storedCookies);
        gauge("cjp2p.event.loops", "Event loops that have counted packets", this, m -> m.loops.size());
        // Tasks queued on the packet loops: a backlog here means the node cannot keep up.
        // Kept in a field: the binder's workers gauge holds this list only weakly (as a local it was
        // collected within the first young GCs, and the gauge read NaN from then on).
        packetLoops = transport.channels().stream().map(c -> (EventExecutor) c.eventLoop()).distinct().toList();
        new NettyEventExecutorMetrics(packetLoops).bindTo(registry);
        gauge("cjp2p.udp.port.foreign.sockets", "Other processes' sockets sharing our UDP port through SO_REUSEPORT",
                transport, Transport::foreignSocketsOnPort);
    }

    private <T> void gauge(String name, String description, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).description(description).strongReference(true).register(registry);
    }

    /** The sum of one slot over every event loop. */
    long total(int slot) {
        long sum = 0;
        for (LoopCounters c : loops) {
            sum += c.read(slot);
        }
        return sum;
    }

    private LoopCounters counters() {
        return local.get();
    }

    @Override
    public void datagramReceived(int bytes) {
        LoopCounters c = counters();
        c.increment(LoopCounters.DATAGRAMS_RECEIVED);
        c.add(LoopCounters.BYTES_RECEIVED, bytes);
    }

    @Override
    public void datagramDropped(DropReason reason) {
        counters().increment(LoopCounters.DROPPED + reason.ordinal());
    }

    @Override
    public void datagramRefused(Refusal reason) {
        counters().increment(LoopCounters.REFUSED + reason.ordinal());
    }

    @Override
    public void elementSkipped(SkipReason reason) {
        counters().increment(LoopCounters.SKIPPED + reason.ordinal());
    }

    @Override
    public void messageReceived(MessageType type) {
        counters().increment(LoopCounters.MESSAGES_RECEIVED + type.ordinal());
    }

    @Override
    public void datagramValidated(boolean verified) {
        counters().increment(verified ? LoopCounters.VERIFIED : LoopCounters.UNVERIFIED);
    }

    @Override
    public void replyTrimmed(int messagesRemoved) {
        LoopCounters c = counters();
        c.increment(LoopCounters.REPLIES_TRIMMED);
        c.add(LoopCounters.MESSAGES_TRIMMED, messagesRemoved);
    }

    @Override
    public void datagramSent(int bytes) {
        LoopCounters c = counters();
        c.increment(LoopCounters.DATAGRAMS_SENT);
        c.add(LoopCounters.BYTES_SENT, bytes);
    }

    @Override
    public void messageSent(MessageType type) {
        counters().increment(LoopCounters.MESSAGES_SENT + type.ordinal());
    }

    @Override
    public void roundTrip(long nanos) {
        record(LoopCounters.RTT_BUCKETS, LoopCounters.RTT_SUM, Buckets.ROUND_TRIP, nanos);
    }

    @Override
    public void roundTripRejected(RoundTripRejection reason) {
        counters().increment(LoopCounters.ROUND_TRIPS_REJECTED + reason.ordinal());
    }

    @Override
    public void identity(IdentityEvent event) {
        counters().increment(LoopCounters.IDENTITY + event.ordinal());
    }

    @Override
    public void datagramProcessed(long nanos) {
        record(LoopCounters.PROCESSING_BUCKETS, LoopCounters.PROCESSING_SUM, Buckets.PROCESSING, nanos);
    }

    private void record(int bucketSlots, int sumSlot, Buckets buckets, long nanos) {
        if (nanos < 0) {
            return;
        }
        LoopCounters c = counters();
        c.increment(bucketSlots + buckets.indexOf(nanos));
        c.add(sumSlot, nanos);
    }

    /** A consistent-enough copy of one histogram: per-bucket counts (last is +Inf) and the sum in seconds. */
    record HistogramTotals(long[] counts, double sumSeconds) {
        long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }
    }

    HistogramTotals roundTripTotals() {
        return histogram(LoopCounters.RTT_BUCKETS, LoopCounters.RTT_SUM, Buckets.ROUND_TRIP);
    }

    HistogramTotals processingTotals() {
        return histogram(LoopCounters.PROCESSING_BUCKETS, LoopCounters.PROCESSING_SUM, Buckets.PROCESSING);
    }

    private HistogramTotals histogram(int bucketSlots, int sumSlot, Buckets buckets) {
        long[] counts = new long[buckets.bounds() + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = total(bucketSlots + i);
        }
        return new HistogramTotals(counts, total(sumSlot) / 1e9);
    }
}
