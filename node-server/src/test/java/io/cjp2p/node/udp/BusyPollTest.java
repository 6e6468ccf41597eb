package io.cjp2p.node.udp;

import io.cjp2p.node.config.CpuList;
import io.cjp2p.node.config.NodeConfig;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SelectStrategy;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** When an event loop keeps polling and when it may sleep, on a clock the test moves. */
class BusyPollTest {
    private static final long WINDOW = 1_000;

    /** The loop's clock, moved by the test. */
    private long now = 5_000;

    private BusyPoll newPoll() {
        return new BusyPoll(WINDOW, () -> now);
    }

    @Test
    void readySocketsAreHandedToTheLoop() throws Exception {
        assertEquals(3, newPoll().calculateStrategy(() -> 3, false));
    }

    @Test
    void itPollsAgainWithinTheWindowAfterAnEventAndSleepsOnceItHasPassed() throws Exception {
        BusyPoll poll = newPoll();
        poll.calculateStrategy(() -> 1, false);
        now += WINDOW - 1;
        assertEquals(0, poll.calculateStrategy(() -> 0, false), "still within the window");
        now += 1;
        assertEquals(SelectStrategy.SELECT, poll.calculateStrategy(() -> 0, false), "the window has passed");
    }

    @Test
    void eachEventOpensTheWindowAgain() throws Exception {
        BusyPoll poll = newPoll();
        for (int i = 0; i < 10; i++) {
            now += WINDOW - 1;
            assertEquals(1, poll.calculateStrategy(() -> 1, false));
        }
        now += WINDOW - 1;
        assertEquals(0, poll.calculateStrategy(() -> 0, false));
    }

    @Test
    void aLoopWithTasksWaitingNeverSleeps() throws Exception {
        BusyPoll poll = newPoll();
        now += 10 * WINDOW;
        assertEquals(0, poll.calculateStrategy(() -> 0, true));
        assertEquals(SelectStrategy.SELECT, poll.calculateStrategy(() -> 0, false));
    }

    @Test
    void aNewLoopPollsForOneWindowBeforeItFirstSleeps() throws Exception {
        BusyPoll poll = newPoll();
        assertEquals(0, poll.calculateStrategy(() -> 0, false));
        now += WINDOW;
        assertEquals(SelectStrategy.SELECT, poll.calculateStrategy(() -> 0, false));
    }

    @Test
    void theWindowMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new BusyPoll(0, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new BusyPoll(-1, () -> 0));
    }

    @Test
    void aNegativeWindowIsRefusedBeforeAnythingIsBound() {
        assertThrows(IllegalArgumentException.class, () -> NodeConfig.loopback().busyPoll(Duration.ofMillis(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> Transport.bind(InetAddress.getLoopbackAddress(), 0, 1, true,
                CpuList.NONE, Duration.ofNanos(-1), true, new ChannelInboundHandlerAdapter()));
    }

    /** A zero window is Netty's own strategy: sleep as soon as nothing is ready. A positive one polls a new loop first. */
    @Test
    void theFactoryPollsOnlyForAPositiveWindow() throws Exception {
        assertEquals(SelectStrategy.SELECT, BusyPoll.factory(Duration.ZERO).newSelectStrategy().calculateStrategy(() -> 0, false));
        assertEquals(0, BusyPoll.factory(Duration.ofSeconds(10)).newSelectStrategy().calculateStrategy(() -> 0, false));
    }

    /**
     * Over 2 000 random runs of events, pending tasks and clock steps: the strategy polls exactly
     * once per call, returns what was ready, and answers SELECT exactly when nothing was ready, no
     * task waits, and a whole window has passed since the last event (or since it was made).
     */
    @Test
    void itSleepsOnlyAfterAQuietWindowWithNothingToDo() throws Exception {
        Random random = new Random(20261126);
        for (int run = 0; run < 2_000; run++) {
            now = random.nextLong() >> 2; // nanoTime may be negative; only differences count
            BusyPoll poll = newPoll();
            long lastEvent = now;
            for (int call = 0; call < 50; call++) {
                now += random.nextInt(3) == 0 ? random.nextInt((int) (3 * WINDOW)) : random.nextInt(20);
                int ready = random.nextInt(4) == 0 ? 1 + random.nextInt(8) : 0;
                boolean tasks = random.nextInt(5) == 0;
                int[] polls = {0};
                int got = poll.calculateStrategy(() -> {
                    polls[0]++;
                    return ready;
                }, tasks);
                assertEquals(1, polls[0], "one poll per call");
                if (ready > 0) {
                    lastEvent = now;
                    assertEquals(ready, got);
                } else {
                    boolean sleep = !tasks && now - lastEvent >= WINDOW;
                    assertEquals(sleep ? SelectStrategy.SELECT : 0, got, "run " + run + ", call " + call);
                }
            }
        }
    }
}
