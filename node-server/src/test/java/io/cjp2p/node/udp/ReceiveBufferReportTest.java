package io.cjp2p.node.udp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.cjp2p.node.config.CpuList;
import io.cjp2p.node.support.LogCapture;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannelConfig;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The log states the receive buffer the socket really has, and warns exactly when rmem_max cut it. */
class ReceiveBufferReportTest {
    private static final Pattern LINE = Pattern.compile("asked (\\d+) bytes, granted (\\d+) bytes");
    @RegisterExtension
    final LogCapture log = LogCapture.of(ReceiveBufferReport.class);

    private ILoggingEvent only(Level level) {
        List<ILoggingEvent> events = log.at(level);
        assertEquals(1, events.size(), level + " lines: " + events);
        return events.get(0);
    }

    private static int receiveBuffer(Channel c) {
        return ((DatagramChannelConfig) c.config()).getReceiveBufferSize();
    }

    @Test
    void theTransportLogsWhatItsSocketWasGranted() throws Exception {
        for (boolean preferNative : new boolean[] {true, false}) {
            log.clear();
            try (Transport t = Transport.bind(InetAddress.getLoopbackAddress(), 0, 1, preferNative, CpuList.NONE,
                    Duration.ZERO, true, new ChannelInboundHandlerAdapter())) {
                Matcher m = LINE.matcher(only(Level.INFO).getFormattedMessage());
                assertTrue(m.find(), log.toString());
                assertEquals(Transport.SOCKET_BUFFER_BYTES, Integer.parseInt(m.group(1)));
                assertEquals(receiveBuffer(t.channels().get(0)), Integer.parseInt(m.group(2)), "native " + preferNative);
                boolean warned = log.events().stream().anyMatch(e -> e.getLevel() == Level.WARN);
                assertEquals(ReceiveBufferReport.capped(Transport.SOCKET_BUFFER_BYTES,
                        receiveBuffer(t.channels().get(0)), t.isEpoll()), warned);
            }
        }
    }

    /**
     * Sockets asking for more than this machine's rmem_max: the WARN names the sysctl and the size
     * asked; under it, no WARN. Native epoll reports the kernel's doubled figure, NIO the size set.
     */
    @Test
    void askingBeyondRmemMaxWarnsWithTheSysctl() throws Exception {
        Path rmemMax = Path.of("/proc/sys/net/core/rmem_max");
        assumeTrue(Files.isReadable(rmemMax), "Linux's limit");
        // Not Files.readString: a sysctl file reads as EOF past its first read, and that reads one byte.
        int max = Integer.parseInt(Files.readAllLines(rmemMax).get(0).trim());
        assumeTrue(max < (1 << 29), "room to ask for more than rmem_max");
        assumeTrue(Epoll.isAvailable(), "native epoll, as the node uses on Linux");
        for (boolean epoll : new boolean[] {true, false}) {
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                    epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
            try {
                log.clear();
                int over = 2 * max;
                Channel big = bind(group, epoll, over);
                try {
                    ReceiveBufferReport.report(big, over);
                    Matcher m = LINE.matcher(only(Level.INFO).getFormattedMessage());
                    assertTrue(m.find());
                    assertEquals(over, Integer.parseInt(m.group(1)));
                    assertEquals(receiveBuffer(big), Integer.parseInt(m.group(2)));
                    assertEquals(epoll ? 2 * max : max, receiveBuffer(big), "epoll " + epoll);
                    assertTrue(only(Level.WARN).getFormattedMessage().contains("sysctl -w net.core.rmem_max=" + over));
                } finally {
                    big.close().sync();
                }
                log.clear();
                int under = max / 2;
                Channel small = bind(group, epoll, under);
                try {
                    assertEquals(receiveBuffer(small), ReceiveBufferReport.report(small, under));
                    assertFalse(log.events().stream().anyMatch(e -> e.getLevel() == Level.WARN), log.toString());
                } finally {
                    small.close().sync();
                }
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @Test
    void cappedMeansLessThanTheKernelWouldReportForTheFullSize() {
        assertFalse(ReceiveBufferReport.capped(4 << 20, 8 << 20, true));
        assertTrue(ReceiveBufferReport.capped(4 << 20, 425_984, true));
        assertTrue(ReceiveBufferReport.capped(4 << 20, 6 << 20, true), "3 MiB usable of 4 asked");
        assertFalse(ReceiveBufferReport.capped(4 << 20, 4 << 20, false));
        assertTrue(ReceiveBufferReport.capped(4 << 20, 1 << 20, false));
    }

    private static Channel bind(EventLoopGroup group, boolean epoll, int receiveBuffer) throws InterruptedException {
        return new Bootstrap().group(group).channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, receiveBuffer)
                .handler(new ChannelInboundHandlerAdapter())
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }
}
