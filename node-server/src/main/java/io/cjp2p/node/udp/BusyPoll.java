package io.cjp2p.node.udp;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps an event loop polling its sockets, without sleeping, for a while after its last event, and
 * lets it sleep in {@code epoll_wait} only once that long has passed with nothing to do.
 *
 * <p>Why: on a virtual machine, waking a halted CPU for each burst can cost more than the work
 * (docs/benchmarks.md, "The eighth look"). The price is a whole CPU per loop while traffic flows,
 * so it is off unless the operator asks, and meant for loops pinned to CPUs of their own
 * ({@code --cpus}).
 *
 * <p>The window opens only when a poll finds something, so a loop woken from sleep by a lone
 * datagram goes back to sleep: an idle or lightly used node costs what it did.
 *
 * <p>Each call polls once and hands control back to the loop whether or not anything was ready,
 * so the loop runs its tasks and timers (maintenance, cookie rotation) while it polls. Netty's own
 * {@link SelectStrategy#BUSY_WAIT} never sleeps at all: an idle node would keep its CPUs busy.
 */
final class BusyPoll implements SelectStrategy {
    private final long windowNanos;
    private final LongSupplier clock;
    private long lastEventNanos;

    BusyPoll(long windowNanos, LongSupplier clock) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("the polling window must be positive");
        }
        this.windowNanos = windowNanos;
        this.clock = clock;
        this.lastEventNanos = clock.getAsLong();
    }

    /**
     * The strategy for a polling window of {@code window}: Netty's default (sleep at once) for zero,
     * else one {@code BusyPoll} per event loop (each keeps its own time of last event), on the real clock.
     *
     * @throws IllegalArgumentException for a negative window
     */
    static SelectStrategyFactory factory(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("the polling window must be zero or positive");
        }
        long nanos = window.toNanos();
        return nanos == 0 ? DefaultSelectStrategyFactory.INSTANCE : () -> new BusyPoll(nanos, System::nanoTime);
    }

    /**
     * @return the number of ready sockets when some are; 0 ("poll again once the tasks ran") while
     *     the window is open or tasks are waiting; else {@link SelectStrategy#SELECT}, to sleep
     */
    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        int ready = selectNow.get();
        long now = clock.getAsLong();
        if (ready > 0) {
            lastEventNanos = now;
            return ready;
        }
        return hasTasks || now - lastEventNanos < windowNanos ? 0 : SelectStrategy.SELECT;
    }
}
