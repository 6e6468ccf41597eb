package io.cjp2p.node.udp;

import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.ReturnedMessage;
import io.cjp2p.node.config.CpuList;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import io.cjp2p.node.support.UdpClient;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.cjp2p.node.support.UdpClient.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --busy-poll end to end: the node answers, its timers run while it polls, and it sleeps when idle. */
class TransportBusyPollTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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

    @Test
    void aNegativeWindowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NodeConfig.loopback().busyPoll(Duration.ofMillis(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> Transport.bind(InetAddress.getLoopbackAddress(), 0, 1, true,
                CpuList.NONE, Duration.ofNanos(-1), new ChannelInboundHandlerAdapter()));
    }

    /**
     * A new loop polls for one window before it first sleeps, and a datagram it finds while
     * polling opens the window again; so with one every 100 ms from the start, under the longest
     * window --busy-poll allows (1 s), it never sleeps however slowly a loaded machine starts it.
     * Its timers must still run: maintenance reaches the bootstrap peer on time.
     */
    @Test
    void maintenanceRunsWhileTheLoopPolls() throws Exception {
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try (DatagramSocket bootstrapPeer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            bootstrapPeer.setSoTimeout(3_000);
            try (Node node = Node.start(NodeConfig.loopback().busyPoll(Duration.ofSeconds(1))
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
                long start = System.nanoTime();
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                bootstrapPeer.receive(p);
                assertEquals(node.localAddress().getPort(), p.getPort());
                assertTrue(System.nanoTime() - start < 2_000_000_000L, "the first tick came late");
                assertTrue(busyFraction(node.transport().channels().get(0), () -> Thread.sleep(300)) > 0.2,
                        "the loop was meant to be polling all along");
            }
        } finally {
            traffic.shutdownNow();
        }
    }

    /*
     * The next two tests use a window (40 ms) well under the gaps they leave (at least 100 ms). An
     * event found by chance may open the window once, which costs at most 40 ms of a CPU per gap;
     * a loop that never slept, or that opened the window at every wake-up, would use 0.4 or more.
     */

    @Test
    void anIdleLoopSleepsOnceTheWindowHasPassed() throws Exception {
        try (Node node = Node.start(NodeConfig.loopback().busyPoll(Duration.ofMillis(40)).build())) {
            Channel channel = node.transport().channels().get(0);
            Thread.sleep(300);
            double idle = busyFraction(channel, () -> Thread.sleep(500));
            assertTrue(idle < 0.15, "an idle loop used " + idle + " of a CPU");
        }
    }

    /** A lone datagram wakes the loop but does not open the window: sparse traffic costs no polling. */
    @Test
    void loneDatagramsDoNotStartPolling() throws Exception {
        try (Node node = Node.start(NodeConfig.loopback().busyPoll(Duration.ofMillis(40)).build());
             UdpClient client = new UdpClient(node.localAddress())) {
            Channel channel = node.transport().channels().get(0);
            Thread.sleep(300);
            double used = busyFraction(channel, () -> {
                for (int i = 0; i < 6; i++) {
                    client.ask("[{\"PleaseReturnThisMessage\":{\"n\":" + i + "}}]");
                    Thread.sleep(100);
                }
            });
            assertTrue(used < 0.15, "a loop answering one datagram every 100 ms used " + used + " of a CPU");
        }
    }

    /** Something to do while the event loop's CPU time is measured. */
    private interface Work {
        void run() throws Exception;
    }

    /** The share of one CPU that {@code channel}'s event loop thread used while {@code during} ran. */
    private static double busyFraction(Channel channel, Work during) throws Exception {
        long id = channel.eventLoop().submit(() -> Thread.currentThread().getId()).get();
        long cpu0 = THREADS.getThreadCpuTime(id);
        long t0 = System.nanoTime();
        during.run();
        long cpu = THREADS.getThreadCpuTime(id) - cpu0;
        return (double) cpu / (System.nanoTime() - t0);
    }
}
