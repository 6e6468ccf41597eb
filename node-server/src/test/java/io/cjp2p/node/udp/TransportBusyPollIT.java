package io.cjp2p.node.udp;

import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.ReturnedMessage;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import io.cjp2p.node.support.UdpClient;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.IntSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static io.cjp2p.node.support.UdpClient.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --busy-poll on real event loops (epoll and NIO): a polling node answers and runs its timers, and
 * a loop polls or sleeps when {@link BusyPoll} says so. What the loop decided is read from a
 * counting wrapper around the strategy, not from the CPU time it used.
 */
class TransportBusyPollIT {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @ParameterizedTest(name = "native transport preferred: {0}")
    @ValueSource(booleans = {true, false})
    void aPollingNodeAnswers(boolean preferNative) throws Exception {
        try (Node node = Node.start(NodeConfig.loopback().preferNativeTransport(preferNative)
                     .busyPoll(Duration.ofMillis(5)).build());
             UdpClient client = new UdpClient(node.localAddress())) {
            for (int i = 0; i < 20; i++) {
                String body = "{\"n\":" + i + "}";
                assertEquals(List.of(new ReturnedMessage(RawJson.of(body))),
                        only(client.ask("[{\"PleaseReturnThisMessage\":" + body + "}]"), ReturnedMessage.class));
                Thread.sleep(i % 2 == 0 ? 0 : 10); // some while polling, some after the loop went to sleep
            }
        }
    }

    /**
     * A new loop polls for one window before it first sleeps, and a datagram it finds while polling
     * opens the window again; with one every 100 ms under the longest window --busy-poll allows
     * (1 s), it polls however slowly a loaded machine starts it. Maintenance must still reach the
     * bootstrap peer.
     */
    @ParameterizedTest(name = "native transport preferred: {0}")
    @ValueSource(booleans = {true, false})
    void maintenanceRunsWhileTheLoopPolls(boolean preferNative) throws Exception {
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try (DatagramSocket bootstrapPeer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            bootstrapPeer.setSoTimeout(5_000);
            try (Node node = Node.start(NodeConfig.loopback().preferNativeTransport(preferNative)
                    .busyPoll(Duration.ofSeconds(1))
                    .bootstrap(List.of((InetSocketAddress) bootstrapPeer.getLocalSocketAddress()))
                    .tick(Duration.ofMillis(50)).build());
                 UdpClient client = new UdpClient(node.localAddress())) {
                traffic.scheduleAtFixedRate(() -> {
                    try {
                        client.send("[]");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, 0, 100, TimeUnit.MILLISECONDS);
                java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[2048], 2048);
                bootstrapPeer.receive(p);
                assertEquals(node.localAddress().getPort(), p.getPort());
            }
        } finally {
            traffic.shutdownNow();
        }
    }

    /** In a loop that polls for 10 s from its start, a timer due after 100 ms runs, and the loop never slept before it. */
    @ParameterizedTest(name = "epoll: {0}")
    @ValueSource(booleans = {true, false})
    void aTimerRunsWhileTheLoopPolls(boolean epoll) throws Exception {
        try (Loop loop = new Loop(epoll, Duration.ofSeconds(10))) {
            long[] atTimer = loop.loop.schedule(() -> new long[] {loop.counts.polls.get(), loop.counts.sleeps.get()},
                    100, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
            assertTrue(atTimer[0] > 0, "the loop polled before the timer");
            assertEquals(0, atTimer[1], "the loop never slept before the timer");
        }
    }

    /** Once the window has passed with nothing to do the loop sleeps, and an idle sleeping loop polls no more. */
    @ParameterizedTest(name = "epoll: {0}")
    @ValueSource(booleans = {true, false})
    void anIdleLoopSleepsOnceTheWindowHasPassed(boolean epoll) throws Exception {
        try (Loop loop = new Loop(epoll, Duration.ofMillis(40))) {
            loop.awaitSleep();
            long polls = loop.counts.polls.get();
            long sleeps = loop.counts.sleeps.get();
            Thread.sleep(200);
            assertEquals(polls, loop.counts.polls.get(), "polls while idle");
            assertEquals(sleeps, loop.counts.sleeps.get(), "wake-ups while idle");
        }
    }

    /** A lone datagram wakes a sleeping loop but does not open the window: the loop reads it and sleeps again without polling. */
    @ParameterizedTest(name = "epoll: {0}")
    @ValueSource(booleans = {true, false})
    void loneDatagramsDoNotStartPolling(boolean epoll) throws Exception {
        try (Loop loop = new Loop(epoll, Duration.ofMillis(40));
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            AtomicLong received = new AtomicLong();
            Channel ch = loop.bind(received);
            InetSocketAddress target = (InetSocketAddress) ch.localAddress();
            for (int i = 1; i <= 3; i++) {
                loop.awaitSleep();
                long polls = loop.counts.polls.get();
                long sleeps = loop.counts.sleeps.get();
                client.send(new java.net.DatagramPacket(new byte[] {'[', ']'}, 2, target));
                long n = i;
                awaitTrue(() -> received.get() == n, "datagram " + i + " was read");
                awaitTrue(() -> loop.counts.sleeps.get() > sleeps, "the loop went back to sleep");
                assertEquals(polls, loop.counts.polls.get(), "polls after datagram " + i);
            }
            ch.close().sync();
        }
    }

    /** Counts what a strategy tells its loop: empty polls, sleeps, and polls that found something. */
    private static final class CountingStrategy implements SelectStrategy {
        final AtomicLong polls = new AtomicLong();
        final AtomicLong sleeps = new AtomicLong();
        final AtomicLong events = new AtomicLong();
        private final SelectStrategy inner;

        CountingStrategy(SelectStrategy inner) {
            this.inner = inner;
        }

        @Override
        public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
            int s = inner.calculateStrategy(selectNow, hasTasks);
            (s == SelectStrategy.SELECT ? sleeps : s == 0 ? polls : events).incrementAndGet();
            return s;
        }
    }

    /** One event loop of the transport's kind with a busy-poll window, its strategy counted. */
    private static final class Loop implements AutoCloseable {
        final CountingStrategy counts;
        final MultiThreadIoEventLoopGroup group;
        final EventLoop loop;
        private final boolean epoll;

        Loop(boolean epoll, Duration window) throws Exception {
            if (epoll) {
                Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is not available here");
            }
            this.epoll = epoll;
            SelectStrategyFactory busy = BusyPoll.factory(window);
            counts = new CountingStrategy(busy.newSelectStrategy());
            SelectStrategyFactory counted = () -> counts;
            IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory(0, counted)
                    : NioIoHandler.newFactory(SelectorProvider.provider(), counted);
            group = new MultiThreadIoEventLoopGroup(1, handlers);
            loop = group.next();
            loop.submit(() -> { }).sync(); // the loop's thread starts with its first task
        }

        /** A datagram socket on 127.0.0.1 served by this loop, counting the datagrams it reads in {@code received}. */
        Channel bind(AtomicLong received) throws InterruptedException {
            return new Bootstrap().group(group)
                    .channelFactory(epoll ? EpollDatagramChannel::new : NioDatagramChannel::new)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                            received.incrementAndGet();
                        }
                    })
                    .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        }

        /**
         * Returns once the loop has gone to sleep with nothing left to do: after a task that reads the
         * sleep count on the loop itself, so that a sleep decided before that task does not count,
         * and once the count has held still for 100 ms. The submit's own wake-up call can land after
         * the loop ran the task and went to sleep (the submitting thread was descheduled between
         * queueing the task and waking the loop), and wakes it once more.
         */
        void awaitSleep() throws Exception {
            long before = loop.submit(counts.sleeps::get).get(5, TimeUnit.SECONDS);
            awaitTrue(() -> counts.sleeps.get() > before, "the loop went to sleep");
            long deadline = System.nanoTime() + 5 * SECOND;
            long seen;
            do {
                seen = counts.sleeps.get();
                Thread.sleep(100);
            } while (counts.sleeps.get() != seen && System.nanoTime() < deadline);
        }

        @Override
        public void close() {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5 * SECOND;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " (within 5 s)");
            Thread.sleep(5);
        }
    }
}
