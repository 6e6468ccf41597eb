package io.cjp2p.node.pipeline;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceFilterTest {
    private final io.cjp2p.node.support.CountingEvents events = new io.cjp2p.node.support.CountingEvents();

    @Test
    void nonsenseSourcesAreRefusedCountedAndReleased() {
        EmbeddedChannel ch = new EmbeddedChannel(new SourceFilter(events));
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 24254);
        for (InetSocketAddress bad : List.of(new InetSocketAddress("198.51.100.1", 0),
                new InetSocketAddress("224.0.0.251", 5353), new InetSocketAddress("255.255.255.255", 9),
                new InetSocketAddress("0.0.0.0", 9), new InetSocketAddress("ff02::1", 9),
                new InetSocketAddress("::", 9))) {
            DatagramPacket p = new DatagramPacket(Unpooled.buffer(2).writeBytes(new byte[] {'[', ']'}), local, bad);
            ch.writeInbound(p);
            assertNull(ch.readInbound(), bad.toString());
            assertEquals(0, p.refCnt());
        }
        assertEquals(6, events.refused(Refusal.BAD_SOURCE));
        assertEquals(6, events.received.sum());
        DatagramPacket good = new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {'[', ']'}), local,
                new InetSocketAddress("198.51.100.1", 24254));
        ch.writeInbound(good);
        DatagramPacket passed = ch.readInbound();
        assertEquals(good, passed);
        passed.release();
    }

    @Test
    void ownAddressOnARealSocket() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            SourceFilter onLoopback = new SourceFilter(events);
            Channel a = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(onLoopback)
                    .bind(InetAddress.getByName("127.0.0.1"), 0).sync().channel();
            a.eventLoop().submit(() -> { }).sync(); // channelActive runs after bind() completes
            int port = ((InetSocketAddress) a.localAddress()).getPort();
            assertTrue(onLoopback.isOwnAddress(new InetSocketAddress("127.0.0.1", port)));
            assertFalse(onLoopback.isOwnAddress(new InetSocketAddress("127.0.0.1", port == 65535 ? 1 : port + 1)),
                    "another node on 127.0.0.1 is someone else");
            assertFalse(onLoopback.isOwnAddress(new InetSocketAddress("127.0.0.2", port)),
                    "bound to 127.0.0.1 only, 127.0.0.2 may be another node on the same port");

            SourceFilter onWildcard = new SourceFilter(events);
            Channel b = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(onWildcard)
                    .bind(InetAddress.getByName("0.0.0.0"), 0).sync().channel();
            b.eventLoop().submit(() -> { }).sync();
            int wport = ((InetSocketAddress) b.localAddress()).getPort();
            assertTrue(onWildcard.isOwnAddress(new InetSocketAddress("127.0.0.1", wport)));
            assertTrue(onWildcard.isOwnAddress(new InetSocketAddress("127.3.4.5", wport)),
                    "no other socket can hold our port on any local address");
            assertFalse(onWildcard.isOwnAddress(new InetSocketAddress("198.51.100.1", wport)));

            // End to end: a datagram from ourselves to ourselves is refused.
            List<Object> passed = new CopyOnWriteArrayList<>();
            a.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    passed.add(msg);
                }
            });
            long before = events.refused(Refusal.OWN_ADDRESS);
            a.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {'[', ']'}),
                    (InetSocketAddress) a.localAddress())).sync();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (events.refused(Refusal.OWN_ADDRESS) == before && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(before + 1, events.refused(Refusal.OWN_ADDRESS));
            assertTrue(passed.isEmpty());
            a.close().sync();
            b.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }
}
