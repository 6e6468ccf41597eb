package io.cjp2p.node.udp;

import io.cjp2p.node.config.CpuList;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** --cpus end to end: each event loop runs where it was told to, and only there. */
class TransportPinningTest {
    @BeforeAll
    static void linuxOnly() {
        assumeTrue(CpuAffinity.isSupported(), "thread pinning is Linux only");
    }

    /** A handler that does nothing, added to every channel. */
    @ChannelHandler.Sharable
    private static final class SharedHandler extends ChannelInboundHandlerAdapter {
    }

    /** What the kernel says the thread of {@code channel}'s event loop may run on. */
    private static CpuList loopAllowed(Channel channel) throws Exception {
        return channel.eventLoop().submit(() -> CpuAffinityTest.allowedIn(Path.of("/proc/thread-self/status")))
                .get();
    }

    @Test
    void eachLoopIsPinnedToItsCpuRoundRobin() throws Exception {
        assumeTrue(Epoll.isAvailable(), "one socket per loop needs epoll");
        CpuList allowed = CpuAffinity.allowed();
        // Three loops over at most two CPUs, so the list wraps around.
        CpuList cpus = new CpuList(allowed.cpus().subList(Math.max(0, allowed.cpus().size() - 2), allowed.cpus().size()));
        try (Transport t = Transport.bind(InetAddress.getLoopbackAddress(), 0, 3, true, cpus, Duration.ZERO, true,
                new SharedHandler())) {
            assertEquals(3, t.channels().size());
            for (int i = 0; i < 3; i++) {
                assertEquals(new CpuList(List.of(cpus.forLoop(i))), loopAllowed(t.channels().get(i)), "loop " + i);
            }
        }
    }

    @Test
    void aNodeStartedWithCpusRunsItsLoopThereAndLeavesItsOtherThreadsAlone() throws Exception {
        CpuList allowed = CpuAffinity.allowed();
        int cpu = allowed.cpus().get(0);
        try (Node node = Node.start(NodeConfig.loopback().cpus(new CpuList(List.of(cpu))).build())) {
            assertEquals(new CpuList(List.of(cpu)), loopAllowed(node.transport().channels().get(0)));
        }
        assertEquals(allowed, CpuAffinityTest.allowedIn(Path.of("/proc/thread-self/status")));
    }

    @Test
    void withoutCpusNothingIsPinned() throws Exception {
        try (Node node = Node.start(NodeConfig.loopback().build())) {
            assertEquals(CpuAffinity.allowed(), loopAllowed(node.transport().channels().get(0)));
        }
    }
}
