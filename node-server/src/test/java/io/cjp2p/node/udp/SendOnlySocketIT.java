package io.cjp2p.node.udp;

import io.cjp2p.node.config.CpuList;
import io.cjp2p.node.support.OwnSockets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Replies through a send-only socket, over real loopback sockets: they leave from the bound address
 * and port, on one address or a wildcard (with one loop or two), the kernel hands that socket none
 * of the port's datagrams, a refused datagram fails alone, and switched off the channel sends itself.
 */
class SendOnlySocketIT {
    @BeforeAll
    static void epollOnLinux() {
        assumeTrue(Epoll.isAvailable() && SendOnlySocket.available() && OwnSockets.available(),
                "a send-only socket needs epoll, Linux 5.4 and its socket tables");
    }

    /**
     * On one address the send-only socket is connected to itself; on a wildcard it is not, and the
     * group's datagrams are steered to the channel: unsteered, the kernel would hash about half of the
     * clients' datagrams to it, where nobody reads them.
     */
    @ParameterizedTest(name = "bound to {0}, clients on {1}")
    @CsvSource({"127.0.0.1, 127.0.0.1, udp", "::1, ::1, udp6", "0.0.0.0, 127.0.0.1, udp", "::, 127.0.0.1, udp6",
            "::, ::1, udp6"})
    void everyReplyLeavesFromTheBoundPortAndNoneLandsOnTheSendOnlySocket(String address, String client, String table)
            throws Exception {
        InetAddress bind = InetAddress.getByName(address);
        assumeTrue(!bind.isAnyLocalAddress() || ChannelSteering.available(), "steering needs x86-64 or arm64");
        try (Transport echo = TransportEcho.start(bind, 0)) {
            assertTrue(echo.hasSendOnlySockets());
            int port = echo.localAddress().getPort();
            List<OwnSockets.Row> rows = OwnSockets.on(table, port);
            assertEquals(2, rows.size(), "the channel's socket and the send-only one: " + rows);
            if (bind.isAnyLocalAddress()) {
                assertTrue(rows.stream().noneMatch(OwnSockets.Row::connected), "a wildcard socket is never connected: " + rows);
            } else {
                OwnSockets.Row sendOnly = rows.stream().filter(OwnSockets.Row::connected).findFirst().orElseThrow();
                assertEquals(sendOnly.local(), sendOnly.remote(), "connected to its own address and port");
            }
            // Many sources, so that the kernel's hash would hand some to the send-only socket if it could.
            echoFromClients(new InetSocketAddress(InetAddress.getByName(client), port), 8, 250);
            assertNothingWaitsOrDropped(table, port);
        }
    }

    /**
     * With two loops on a wildcard, the steering keeps each source on one channel, as the kernel's
     * own choice does, spreads the sources over both, and hands the send-only sockets nothing.
     */
    @ParameterizedTest(name = "bound to {0}, clients on {1}")
    @CsvSource({"0.0.0.0, 127.0.0.1, udp", "::, 127.0.0.1, udp6", "::, ::1, udp6"})
    void onAWildcardWithTwoLoopsEachSourceStaysOnOneChannelAndBothAreUsed(String address, String client, String table)
            throws Exception {
        assumeTrue(ChannelSteering.available(), "steering needs x86-64 or arm64");
        Map<String, Set<Channel>> channelsOfSource = new ConcurrentHashMap<>();
        ChannelInitializer<Channel> init = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        channelsOfSource.computeIfAbsent(((DatagramPacket) msg).sender().toString(),
                                k -> ConcurrentHashMap.newKeySet()).add(ctx.channel());
                        ctx.fireChannelRead(msg);
                    }
                }).addLast(new TransportEcho.EchoHandler());
            }
        };
        int clients = 32;
        try (Transport t = Transport.bind(InetAddress.getByName(address), 0, 2, true, CpuList.NONE, Duration.ZERO,
                true, init)) {
            assertTrue(t.hasSendOnlySockets());
            int port = t.localAddress().getPort();
            List<OwnSockets.Row> rows = OwnSockets.on(table, port);
            assertEquals(4, rows.size(), "two channels and two send-only sockets: " + rows);
            assertTrue(rows.stream().noneMatch(OwnSockets.Row::connected), rows.toString());
            echoFromClients(new InetSocketAddress(InetAddress.getByName(client), port), clients, 40);
            assertEquals(clients, channelsOfSource.size(), channelsOfSource.keySet().toString());
            Set<Channel> used = new HashSet<>();
            channelsOfSource.forEach((source, channels) -> {
                assertEquals(1, channels.size(), source + " reached " + channels);
                used.addAll(channels);
            });
            // 32 sources all on one of two channels would be one chance in 2^31 for a hash that spreads them.
            assertEquals(new HashSet<>(t.channels()), used, "both channels got sources");
            assertNothingWaitsOrDropped(table, port);
        }
    }

    /**
     * Sends {@code perClient} datagrams from each of {@code clients} sockets on {@code node}'s address
     * to {@code node}, and checks that each gets every one back once, from {@code node}.
     */
    private static void echoFromClients(InetSocketAddress node, int clients, int perClient) throws IOException {
        List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                DatagramSocket s = new DatagramSocket(0, node.getAddress());
                s.setReceiveBufferSize(1 << 20);
                s.setSoTimeout(5000);
                sockets.add(s);
            }
            for (int i = 0; i < perClient; i++) {
                for (int c = 0; c < clients; c++) {
                    byte[] b = (c + ":" + i).getBytes(StandardCharsets.US_ASCII);
                    sockets.get(c).send(new java.net.DatagramPacket(b, b.length, node));
                }
            }
            for (int c = 0; c < clients; c++) {
                Set<String> got = new HashSet<>();
                byte[] buf = new byte[64];
                for (int i = 0; i < perClient; i++) {
                    java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                    sockets.get(c).receive(p);
                    assertEquals(node, p.getSocketAddress(), "a reply from the bound address and port");
                    got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));
                }
                assertEquals(perClient, got.size(), "client " + c + " got every reply once");
            }
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
    }

    private static void assertNothingWaitsOrDropped(String table, int port) throws IOException {
        for (OwnSockets.Row after : OwnSockets.on(table, port)) {
            assertEquals(0, after.receiveQueue(), "nothing waits unread on any socket: " + after);
            assertEquals(0, after.drops(), "no socket dropped a datagram: " + after);
        }
    }

    @Test
    void aRefusedDatagramFailsAloneAndTheRestOfTheBatchIsSent() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<ChannelPromise> promises = new CopyOnWriteArrayList<>();
        ChannelInitializer<Channel> init = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new BatchOfFive(errors, promises));
            }
        };
        try (Transport t = Transport.bind(loopback, 0, 1, true, CpuList.NONE, Duration.ZERO, true, init);
             DatagramSocket client = new DatagramSocket(0, loopback)) {
            assertTrue(t.hasSendOnlySockets());
            client.setSoTimeout(5000);
            client.send(new java.net.DatagramPacket(new byte[] {'?'}, 1, t.localAddress()));
            Set<String> got = new HashSet<>();
            byte[] buf = new byte[64];
            for (int i = 0; i < 4; i++) {
                java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                client.receive(p);
                got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));
            }
            assertEquals(Set.of("one", "three", "four", "five"), got);
            client.setSoTimeout(300);
            assertNoMore(client);
            assertEquals(1, errors.size(), "one datagram refused: " + errors);
            assertInstanceOf(IOException.class, errors.get(0));
            assertTrue(promises.get(0).await(5, TimeUnit.SECONDS) && promises.get(0).isSuccess(),
                    "a write with a promise went through the channel and succeeded");
        }
    }

    @Test
    void switchedOffTheChannelSendsItself() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (Transport off = Transport.bind(loopback, 0, 1, true, CpuList.NONE, Duration.ZERO, false, echo());
             DatagramSocket client = new DatagramSocket(0, loopback)) {
            client.setSoTimeout(5000);
            assertFalse(off.hasSendOnlySockets());
            assertEquals(1, OwnSockets.on("udp", off.localAddress().getPort()).size());
            client.send(new java.net.DatagramPacket(new byte[] {'x'}, 1, off.localAddress()));
            java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[8], 8);
            client.receive(p);
            assertEquals(off.localAddress(), p.getSocketAddress());
        }
    }

    private static ChannelInitializer<Channel> echo() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new TransportEcho.EchoHandler());
            }
        };
    }

    private static void assertNoMore(DatagramSocket client) throws IOException {
        try {
            client.receive(new java.net.DatagramPacket(new byte[64], 64));
            throw new AssertionError("a datagram more than sent");
        } catch (SocketTimeoutException expected) {
            // nothing else came
        }
    }

    /**
     * Answers any datagram with five in one flush: three to the sender in direct memory, one to
     * port 0 (which the kernel refuses), one in heap memory, and one with a promise of its own.
     */
    private static final class BatchOfFive extends ChannelInboundHandlerAdapter {
        private final List<Throwable> errors;
        private final List<ChannelPromise> promises;

        BatchOfFive(List<Throwable> errors, List<ChannelPromise> promises) {
            this.errors = errors;
            this.promises = promises;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket in = (DatagramPacket) msg;
            InetSocketAddress from = in.sender();
            in.release();
            InetSocketAddress nowhere = new InetSocketAddress(from.getAddress(), 0);
            ctx.write(new DatagramPacket(direct(ctx, "one"), from), ctx.voidPromise());
            ctx.write(new DatagramPacket(direct(ctx, "two"), nowhere), ctx.voidPromise());
            ctx.write(new DatagramPacket(direct(ctx, "three"), from), ctx.voidPromise());
            ctx.write(new DatagramPacket(Unpooled.copiedBuffer("four", StandardCharsets.US_ASCII), from), ctx.voidPromise());
            ChannelPromise p = ctx.newPromise();
            promises.add(p);
            ctx.write(new DatagramPacket(direct(ctx, "five"), from), p);
            ctx.flush();
        }

        private static ByteBuf direct(ChannelHandlerContext ctx, String text) {
            ByteBuf b = ctx.alloc().directBuffer();
            b.writeCharSequence(text, StandardCharsets.US_ASCII);
            return b;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }
    }
}
