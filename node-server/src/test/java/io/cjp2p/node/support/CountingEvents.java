package io.cjp2p.node.support;

import io.cjp2p.codec.DropReason;
import io.cjp2p.node.pipeline.IdentityEvent;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.Refusal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the node's events for assertions (a test double of the metrics, allocation is fine here). */
public final class CountingEvents implements NodeEvents {
    public final LongAdder received = new LongAdder();
    public final LongAdder receivedBytes = new LongAdder();
    public final LongAdder sent = new LongAdder();
    public final LongAdder sentBytes = new LongAdder();
    public final LongAdder processed = new LongAdder();
    public final ConcurrentHashMap<Refusal, LongAdder> refused = new ConcurrentHashMap<>();
    public final ConcurrentHashMap<String, LongAdder> dropped = new ConcurrentHashMap<>();
    public final ConcurrentHashMap<IdentityEvent, LongAdder> identity = new ConcurrentHashMap<>();

    @Override
    public void identity(IdentityEvent event) {
        identity.computeIfAbsent(event, k -> new LongAdder()).increment();
    }

    public long identityCount(IdentityEvent event) {
        LongAdder n = identity.get(event);
        return n == null ? 0 : n.sum();
    }

    @Override
    public void datagramReceived(int bytes) {
        received.increment();
        receivedBytes.add(bytes);
    }

    @Override
    public void datagramRefused(Refusal reason) {
        refused.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    @Override
    public void datagramDropped(DropReason reason) {
        dropped.computeIfAbsent(reason.label(), k -> new LongAdder()).increment();
    }

    @Override
    public void datagramSent(int bytes) {
        sent.increment();
        sentBytes.add(bytes);
    }

    @Override
    public void datagramValidated(boolean verified) {
        processed.increment();
    }

    public long refused(Refusal reason) {
        LongAdder a = refused.get(reason);
        return a == null ? 0 : a.sum();
    }

    public long refusedTotal() {
        return refused.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> summary() {
        Map<String, Long> m = new TreeMap<>();
        m.put("received", received.sum());
        m.put("decoded", processed.sum());
        m.put("sent", sent.sum());
        refused.forEach((k, v) -> m.put("refused." + k.label(), v.sum()));
        dropped.forEach((k, v) -> m.put("dropped." + k, v.sum()));
        return m;
    }
}
