package io.cjp2p.node.udp;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Nobody shares our port unnoticed: a second node cannot start on it, a stranger who joins is counted. */
class SharedPortIT {
    @Test
    void aSecondNodeOnTheSamePortFailsToStart() throws Exception {
        assumeTrue(Epoll.isAvailable(), "SO_REUSEPORT sockets need epoll");
        try (Node first = Node.start(NodeConfig.loopback().threads(2).build())) {
            int port = first.localAddress().getPort();
            Exception e = assertThrows(Exception.class,
                    () -> Node.start(NodeConfig.loopback().threads(2).port(port).build()).close());
            assertTrue(e instanceof BindException && e.getMessage().contains("already in use"), e.toString());
            assertEquals(0, first.transport().lookForForeignSockets(), "the failed start left nothing behind");
        }
    }

    @Test
    void aStrangerJoiningWithReusePortIsCounted() throws Exception {
        assumeTrue(Epoll.isAvailable(), "SO_REUSEPORT sockets need epoll");
        try (Node node = Node.start(NodeConfig.loopback().threads(2).build())) {
            assertEquals(0, node.transport().lookForForeignSockets());
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            try {
                Channel stranger = new Bootstrap().group(group)
                        .channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET))
                        .option(EpollChannelOption.SO_REUSEPORT, true)
                        .handler(new ChannelInboundHandlerAdapter())
                        .bind(new InetSocketAddress(node.localAddress().getAddress(), node.localAddress().getPort()))
                        .sync().channel();
                assertEquals(1, node.transport().lookForForeignSockets());
                assertEquals(1, node.transport().foreignSocketsOnPort());
                stranger.close().sync();
                assertEquals(0, node.transport().lookForForeignSockets());
            } finally {
                group.shutdownGracefully().sync();
            }
        }
    }
}
