package io.cjp2p.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The browser bridge's meters: pages connected, frames in and out, refusals by reason, Forward
 * sends by outcome. Off the
 * packet path (the bridge runs on the HTTP listener's loop), so plain Micrometer counters do.
 */
public final class BridgeMetrics {
    /** Kept here: Micrometer holds a gauge's state only weakly. */
    private final AtomicInteger clients = new AtomicInteger();
    private final Counter received;
    private final Counter sent;
    private final Map<String, Counter> refused = new HashMap<>();
    private final Map<String, Counter> forwards = new HashMap<>();

    /**
     * @param refusalReasons  every reason label, each registered at zero
     * @param forwardOutcomes every Forward outcome label, each registered at zero
     */
    BridgeMetrics(MeterRegistry registry, List<String> refusalReasons, List<String> forwardOutcomes) {
        Gauge.builder("cjp2p.websocket.clients", clients, AtomicInteger::get)
                .description("Browser pages connected to the WebSocket bridge").register(registry);
        received = Counter.builder("cjp2p.websocket.frames.received")
                .description("Text and binary frames received from browser pages").register(registry);
        sent = Counter.builder("cjp2p.websocket.frames.sent")
                .description("Frames queued for browser pages").register(registry);
        for (String reason : refusalReasons) {
            refused.put(reason, Counter.builder("cjp2p.websocket.refused").tag("reason", reason)
                    .description("WebSocket connections refused, frames dropped and pages closed, by reason")
                    .register(registry));
        }
        for (String outcome : forwardOutcomes) {
            forwards.put(outcome, Counter.builder("cjp2p.websocket.forwards").tag("outcome", outcome)
                    .description("Forward messages from browser pages, by what became of them").register(registry));
        }
    }

    public void clientOpened() {
        clients.incrementAndGet();
    }

    public void clientClosed() {
        clients.decrementAndGet();
    }

    public void frameReceived() {
        received.increment();
    }

    public void frameSent() {
        sent.increment();
    }

    /** @param reason one of the labels given at construction */
    public void refused(String reason) {
        count(refused, reason);
    }

    /** @param outcome one of the labels given at construction */
    public void forwarded(String outcome) {
        count(forwards, outcome);
    }

    private static void count(Map<String, Counter> counters, String label) {
        Counter c = counters.get(label);
        if (c == null) {
            throw new IllegalArgumentException("unregistered label: " + label);
        }
        c.increment();
    }
}
