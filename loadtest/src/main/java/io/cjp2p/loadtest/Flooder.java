package io.cjp2p.loadtest;

import io.cjp2p.codec.DecoderLimits;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load generator. All sockets share one event loop (epoll where available), so the flooder
 * costs at most one core, receives with recvmmsg and sends with sendmmsg (one flush per read burst
 * or per open-loop tick).
 */
public final class Flooder {
    /** Replies are small (a full Peers reply is about 1.2 KB); 64 of them per recvmmsg. */
    private static final int REPLY_SLOT_BYTES = 4096;
    /** A Content reply with a 4096-byte block is about 5.7 KB. */
    private static final int CONTENT_REPLY_SLOT_BYTES = 8192;
    private static final int REPLY_SLOTS = 64;
    /**
     * Open-loop pacing. A 100 us tick cut the p50 at 116k/s to a quarter but cost the flooder 70 %
     * more CPU, which on a 2-core box the node then lacks, and made the p99 worse
     * (docs/benchmarks.md, "Latency at half rate").
     */
    private static final long TICK_MICROS = 1000;

    private final FloodSettings settings;
    private final PrintStream progress;
    private final Stats stats = new Stats();

    public Flooder(FloodSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs handshake, warm-up and measurement, and returns the report.
     *
     * @throws IllegalStateException when a verified scenario cannot complete its handshake
     */
    public Report run() throws Exception {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            EventLoop loop = group.next();
            ReplyDecoder decoder = new ReplyDecoder(settings.rawEcho());
            byte[] scratch = new byte[DecoderLimits.UDP_MAX_PAYLOAD + 1];
            int ring = ringSize();
            if (settings.seedPeers() > 0) {
                seedPeers(group, epoll, decoder, scratch);
            }
            List<FloodSocket> sockets = new ArrayList<>(settings.sockets());
            List<Channel> channels = new ArrayList<>(settings.sockets());
            for (int i = 0; i < settings.sockets(); i++) {
                FloodSocket s = new FloodSocket(i, settings, stats, decoder, scratch, ring);
                Channel ch = bootstrap(group, epoll, s).bind(localAddress(i)).sync().channel();
                s.channel(ch);
                sockets.add(s);
                channels.add(ch);
            }
            try {
                if (settings.scenario().verified()) {
                    handshake(loop, sockets);
                }
                return flood(loop, sockets);
            } finally {
                for (Channel ch : channels) {
                    ch.close().awaitUninterruptibly();
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    private Report flood(EventLoop loop, List<FloodSocket> sockets) throws Exception {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs());
        call(loop, () -> {
            sockets.forEach(FloodSocket::startSending);
            sockets.forEach(FloodSocket::topUp);
            return null;
        });
        ScheduledFuture<?> sweep = loop.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            for (FloodSocket s : sockets) {
                s.sweep(now, timeoutNanos);
                s.topUp();
            }
        }, 10, 10, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> openLoop = settings.openLoop() ? loop.scheduleAtFixedRate(
                new OpenLoopTick(sockets), TICK_MICROS, TICK_MICROS, TimeUnit.MICROSECONDS) : null;
        long start = System.nanoTime();
        long[] phase = {0}; // 0 warm-up, 1 measuring
        ScheduledFuture<?> progressLine = settings.progress() ? loop.scheduleAtFixedRate(
                () -> printProgress(start, phase[0] == 0), 1, 1, TimeUnit.SECONDS) : null;
        Thread.sleep(settings.warmupS() * 1000L);
        call(loop, () -> {
            stats.reset();
            sockets.forEach(FloodSocket::startMeasuring);
            phase[0] = 1;
            return null;
        });
        long cpuStart = processCpuNanos();
        double serverStart = ServerCpu.seconds(settings.serverPid());
        long measureStart = System.nanoTime();
        Thread.sleep(settings.durationS() * 1000L);
        double seconds = call(loop, () -> {
            sockets.forEach(FloodSocket::stopSending);
            return (System.nanoTime() - measureStart) / 1e9;
        });
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        double serverEnd = ServerCpu.seconds(settings.serverPid());
        double serverCpu = serverStart < 0 || serverEnd < 0 ? -1 : serverEnd - serverStart;
        if (openLoop != null) {
            openLoop.cancel(false);
        }
        // Replies still in flight are counted if they arrive within the timeout (at most 1 s).
        Thread.sleep(Math.min(settings.timeoutMs(), 1000));
        return call(loop, () -> {
            sweep.cancel(false);
            if (progressLine != null) {
                progressLine.cancel(false);
            }
            sockets.forEach(FloodSocket::abandonOutstanding);
            return Report.of(settings, stats, seconds, cpu, serverCpu);
        });
    }

    /** Sends {@code rate} datagrams a second in {@link #TICK_MICROS} ticks, round robin over the sockets. */
    private final class OpenLoopTick implements Runnable {
        private final List<FloodSocket> sockets;
        private final long start = System.nanoTime();
        private long sent;
        private int next;

        OpenLoopTick(List<FloodSocket> sockets) {
            this.sockets = sockets;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            long due = (long) ((now - start) / 1e9 * settings.rate()) - sent;
            if (due <= 0) {
                return;
            }
            // After a stall of the flooder itself (JIT, GC, a busy CPU) send at most 10 ms worth and
            // forget the rest: a burst of a whole second's backlog would overflow the socket buffers
            // and charge the flooder's hiccup to the server's latency.
            long cap = Math.max(1, settings.rate() / 100);
            if (due > cap) {
                sent += due - cap;
                due = cap;
            }
            boolean[] touched = new boolean[sockets.size()];
            for (long i = 0; i < due; i++) {
                int k = next;
                next = (next + 1) % sockets.size();
                sockets.get(k).sendOne(now);
                touched[k] = true;
            }
            sent += due;
            for (int k = 0; k < touched.length; k++) {
                if (touched[k]) {
                    sockets.get(k).flush();
                }
            }
        }
    }

    private void handshake(EventLoop loop, List<FloodSocket> sockets) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            int missing = call(loop, () -> {
                int n = 0;
                for (FloodSocket s : sockets) {
                    if (!s.hasNodeCookie()) {
                        s.sendHandshake();
                        n++;
                    }
                }
                return n;
            });
            if (missing == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no cookie from " + settings.target() + " within 5 s: is a node listening?");
    }

    /**
     * Makes {@code seedPeers} extra sources known to the node as verified peers (handshake, then one
     * verified request), so that Peers replies during the run carry a full list as on a busy node.
     */
    private void seedPeers(EventLoopGroup group, boolean epoll, ReplyDecoder decoder, byte[] scratch)
            throws Exception {
        FloodSettings seedSettings = new FloodSettings(settings.target(), Scenario.PEERS, 1, 0, 1, 1, 0, 1000,
                settings.rawEcho(), 0, false, 0);
        Stats seedStats = new Stats();
        List<FloodSocket> seeds = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        EventLoop loop = group.next();
        try {
            for (int i = 0; i < settings.seedPeers(); i++) {
                FloodSocket s = new FloodSocket(100_000 + i, seedSettings, seedStats, decoder, scratch, 16);
                InetSocketAddress local = seedAddress(i);
                Channel ch = bootstrap(group, epoll, s).bind(local).sync().channel();
                s.channel(ch);
                seeds.add(s);
                channels.add(ch);
            }
            handshake(loop, seeds);
            call(loop, () -> {
                long now = System.nanoTime();
                for (FloodSocket s : seeds) {
                    s.startSending();
                    s.sendOne(now);
                    s.flush();
                }
                return null;
            });
            Thread.sleep(200);
        } finally {
            for (Channel ch : channels) {
                ch.close().awaitUninterruptibly();
            }
        }
    }

    private Bootstrap bootstrap(EventLoopGroup group, boolean epoll, FloodSocket handler) {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .option(ChannelOption.RECVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(epoll ? slotBytes() * REPLY_SLOTS : 65_536))
                .handler(handler);
        if (epoll) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slotBytes());
        }
        return b;
    }

    private int slotBytes() {
        return settings.scenario() == Scenario.CONTENT ? CONTENT_REPLY_SLOT_BYTES : REPLY_SLOT_BYTES;
    }

    /**
     * Every socket on the loopback of the target's family; in many-sources and content-flood each on
     * its own 127.x.y.z.
     */
    private InetSocketAddress localAddress(int i) throws Exception {
        InetAddress target = settings.target().getAddress();
        if (settings.scenario() == Scenario.MANY_SOURCES || settings.scenario() == Scenario.CONTENT_FLOOD) {
            return sourceAddress(64, i);
        }
        if (target.isLoopbackAddress()) {
            return new InetSocketAddress(target instanceof Inet4Address
                    ? InetAddress.getByName("127.0.0.1") : InetAddress.getByName("::1"), 0);
        }
        return new InetSocketAddress(0);
    }

    /**
     * The {@code i}-th seed peer's address, 127.(128 + i % 64).(i / 64).1: each in a /24 of its own,
     * spread over 64 /16s, so that the node's diversity caps (per IP, /24 and /16, and at most a few
     * of one /16 per reply) keep every seed and a Peers reply can be full.
     */
    static InetSocketAddress seedAddress(int i) throws Exception {
        byte[] ip = {127, (byte) (128 + i % 64), (byte) (i / 64), 1};
        return new InetSocketAddress(InetAddress.getByAddress(ip), 0);
    }

    /** The {@code i}-th distinct loopback source from 127.base.0.1 on (Linux routes all of 127/8 to lo). */
    static InetSocketAddress sourceAddress(int base, int i) throws Exception {
        int c = i / 254;
        byte[] ip = {127, (byte) (base + c / 256), (byte) (c % 256), (byte) (1 + i % 254)};
        return new InetSocketAddress(InetAddress.getByAddress(ip), 0);
    }

    private int ringSize() {
        long perSocket = Math.max(settings.window() * 4L,
                settings.openLoop() ? (long) settings.rate() * settings.timeoutMs() / 1000 / settings.sockets() * 2 : 0);
        int size = 64;
        while (size < perSocket && size < (1 << 20)) {
            size <<= 1;
        }
        return size;
    }

    private void printProgress(long start, boolean warmup) {
        double p50 = stats.intervalLatency.getTotalCount() == 0 ? 0 : stats.intervalLatency.getValueAtPercentile(50) / 1000.0;
        double p99 = stats.intervalLatency.getTotalCount() == 0 ? 0 : stats.intervalLatency.getValueAtPercentile(99) / 1000.0;
        long requests = stats.intervalRequests;
        progress.printf(Locale.ROOT, "%s t=%3ds  sent/s %,9d  replies/s %,9d  loss %6.2f%%  p50 %8.1f us  p99 %8.1f us%n",
                warmup ? "warmup" : "run   ", Math.round((System.nanoTime() - start) / 1e9), stats.intervalSent,
                stats.intervalReplies, requests == 0 ? 0.0 : 100.0 * stats.intervalLost / requests, p50, p99);
        stats.resetInterval();
    }

    private static <T> T call(EventLoop loop, Callable<T> task) throws Exception {
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }
}
