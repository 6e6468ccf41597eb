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
 * <p>Why: a loop that sleeps between bursts has to be woken for each one, and on a virtual
 * machine the wake-up can cost more than the work. A CPU with nothing to run halts, and the
 * hypervisor must schedule it again before the loop can run. On the 2-CPU guest in
 * docs/benchmarks.md ("The eighth look") that took 130-180 us, and a pinned event loop's median
 * p99 at 86 798 requests/s fell from 1.23 ms to 0.63 ms once it stopped sleeping under load. The
 * price is a whole CPU per event loop while traffic flows. So it is off unless the operator asks,
 * and meant for loops pinned to CPUs of their own ({@code --cpus}).
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
