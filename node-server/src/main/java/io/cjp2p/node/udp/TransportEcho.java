package io.cjp2p.node.udp;

import io.cjp2p.node.config.CpuList;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The node's UDP transport ({@link Transport}: epoll, the recvmmsg batch, one flush per read burst)
 * with a plain echo where the node's pipeline would be: every datagram goes back to its sender as it
 * came, in a new direct buffer like a reply. For benchmarks only. Under the same load it sits
 * between the C floor and the node, and so tells what the transport and the JVM cost apart from the
 * node's own work ({@code loadtest/transport-share.sh}).
 *
 * <pre>java @node-server/jvm.options -cp node-server/target/node-server.jar io.cjp2p.node.udp.TransportEcho PORT [BIND]</pre>
 */
public final class TransportEcho {
    private TransportEcho() {
    }

    /** Writes a copy of each datagram back to its sender; flushes once per read burst, as the node does. */
    @ChannelHandler.Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                ByteBuf in = packet.content();
                ByteBuf copy = ctx.alloc().directBuffer(in.readableBytes(), in.readableBytes());
                copy.writeBytes(in, in.readerIndex(), in.readableBytes());
                ctx.write(new DatagramPacket(copy, packet.sender()), ctx.voidPromise());
            } finally {
                packet.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** Binds one socket on {@code address:port} (0 picks a free port). */
    public static Transport start(InetAddress address, int port) throws Exception {
        EchoHandler echo = new EchoHandler();
        return Transport.bind(address, port, 1, true, CpuList.NONE, Duration.ZERO, true, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(echo);
            }
        });
    }

    public static void main(String[] args) throws Exception {
        int port;
        InetAddress address;
        try {
            if (args.length < 1 || args.length > 2) {
                throw new IllegalArgumentException("expected PORT [BIND]");
            }
            port = Integer.parseInt(args[0]);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("PORT must be 1..65535, got " + args[0]);
            }
            address = InetAddress.getByName(args.length == 2 ? args[1] : "127.0.0.1");
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            System.err.println("usage: TransportEcho PORT [BIND] (default 127.0.0.1): " + e.getMessage());
            System.exit(2);
            return;
        }
        Transport t = start(address, port);
        System.out.println("transport echo on udp " + t.localAddress() + (t.isEpoll() ? " (epoll)" : " (nio)"));
        t.channels().get(0).closeFuture().sync();
    }
}
