package io.cjp2p.node.udp;

import io.cjp2p.node.config.CpuList;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The UDP sockets: native epoll where available (one SO_REUSEPORT socket per event loop), NIO
 * elsewhere (one socket). Replies are written to the channel the request came in on, so they leave
 * from the address and port the peer sent to, which NAT traversal depends on; where it can, through
 * a {@link SendOnlySocket} on that same address and port. Each event loop can
 * be pinned to a CPU of its own ({@link CpuAffinity}), and can poll instead of sleeping while
 * traffic flows ({@link BusyPoll}).
 */
public final class Transport implements AutoCloseable {
    /** Larger than any UDP payload (65 507): Netty's default of 2048 would silently truncate. */
    public static final int RECEIVE_BUFFER_BYTES = 65_536;
    /** Asked for both socket buffers; the kernel may grant less (see {@link ReceiveBufferReport}). */
    static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /**
     * Datagrams per recvmmsg under epoll; each slot holds any datagram whole (see {@link BatchReceiveAllocator}).
     * A whole read burst in one call: each call also costs Netty's getsockopt, and at saturation 64
     * slots answered about 5 % more than 16 (128 lost on Peers replies). 4 MiB per socket.
     */
    public static final int RECEIVE_BATCH = 64;
    /**
     * At most this many datagrams are read before the pipeline's readComplete, which flushes the
     * replies in one sendmmsg; a read burst ends sooner when the socket runs empty ({@link BatchReceiveAllocator}).
     */
    public static final int MAX_MESSAGES_PER_READ = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    /** How often the socket tables are read for strangers on our port. */
    private static final long WATCH_SECONDS = 10;

    private final EventLoopGroup group;
    private final List<Channel> channels;
    private final boolean epoll;
    /** How many channels send through a {@link SendOnlySocket}. */
    private final int sendOnlySockets;
    private final PortShareWatch watch;

    private Transport(EventLoopGroup group, List<Channel> channels, boolean epoll, int sendOnlySockets) {
        this.group = group;
        this.channels = channels;
        this.epoll = epoll;
        this.sendOnlySockets = sendOnlySockets;
        this.watch = new PortShareWatch(localAddress().getPort(), channels.size() + sendOnlySockets);
        if (channels.size() + sendOnlySockets > 1) {
            // Only SO_REUSEPORT sockets can be joined; the read is a few kilobytes every ten seconds.
            group.next().scheduleAtFixedRate(watch::check, 0, WATCH_SECONDS, TimeUnit.SECONDS);
        }
    }

    /**
     * Binds {@code threads} sockets (epoll) or one (NIO) to {@code address:port}, and pins the event
     * loop of socket {@code i} to {@code cpus.forLoop(i)} unless {@code cpus} is empty. With a
     * positive {@code busyPoll} each loop keeps polling that long after its last event before it
     * sleeps; {@link Duration#ZERO} makes it sleep as soon as it has nothing to do. With {@code
     * sendSocket} and epoll, each channel sends through a {@link SendOnlySocket}; on a wildcard
     * address, {@link ChannelSteering} keeps the port's datagrams to the channels.
     *
     * @throws Exception when the address cannot be bound or a loop cannot be pinned
     */
    public static Transport bind(InetAddress address, int port, int threads, boolean preferNative,
                                 CpuList cpus, Duration busyPoll, boolean sendSocket, ChannelHandler initializer)
            throws Exception {
        SelectStrategyFactory strategy = BusyPoll.factory(busyPoll);
        boolean epoll = preferNative && Epoll.isAvailable();
        int sockets = epoll ? threads : 1;
        // A send-only socket shares the port. On one address it is connected to itself, which keeps the
        // port's datagrams off it; on a wildcard that would fix its source address, so there the
        // datagrams are steered to the channels instead.
        boolean wildcard = address.isAnyLocalAddress();
        boolean sendOnly = sendSocket && epoll && SendOnlySocket.available() && (!wildcard || ChannelSteering.available());
        IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory(0, strategy)
                : NioIoHandler.newFactory(SelectorProvider.provider(), strategy);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(sockets, handlers);
        try {
            Bootstrap b = new Bootstrap()
                    .group(group)
                    .channelFactory(channelFactory(epoll, address))
                    .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                    .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, epoll
                            ? new BatchReceiveAllocator(RECEIVE_BUFFER_BYTES, RECEIVE_BATCH, MAX_MESSAGES_PER_READ)
                            : new FixedRecvByteBufAllocator(RECEIVE_BUFFER_BYTES))
                    .handler(sendOnly ? withSendOnlySocket(initializer) : initializer);
            if (epoll) {
                // recvmmsg: Netty reads bufferBytes / this many datagrams per system call.
                b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, RECEIVE_BUFFER_BYTES);
            }
            if (epoll && (sockets > 1 || sendOnly)) {
                if (port != 0) {
                    refuseIfTaken(address, port);
                }
                b.option(EpollChannelOption.SO_REUSEPORT, true);
            }
            List<Channel> channels = new ArrayList<>(sockets);
            Channel first = b.bind(address, port).sync().channel();
            channels.add(first);
            // The kernel caps SO_RCVBUF at net.core.rmem_max without an error; say what it granted.
            ReceiveBufferReport.report(first, SOCKET_BUFFER_BYTES);
            int boundPort = ((InetSocketAddress) first.localAddress()).getPort();
            for (int i = 1; i < sockets; i++) {
                channels.add(b.bind(address, boundPort).sync().channel());
            }
            if (!cpus.isEmpty()) {
                // One channel per event loop, so pinning the loop that serves channel i pins its socket's work.
                for (int i = 0; i < channels.size(); i++) {
                    int cpu = cpus.forLoop(i);
                    channels.get(i).eventLoop().submit(() -> CpuAffinity.pinCurrentThread(cpu)).sync();
                }
            }
            boolean steered = sendOnly && (!wildcard || steerToChannels(first, channels.size()));
            return new Transport(group, channels, epoll, steered ? openSendOnlySockets(channels) : 0);
        } catch (Exception | Error e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Opens each channel's send-only socket on its event loop and returns how many opened; a channel
     * whose socket cannot be opened sends as before, after a warning.
     */
    private static int openSendOnlySockets(List<Channel> channels) throws InterruptedException {
        int opened = 0;
        for (Channel c : channels) {
            SendOnlySocket sender = c.pipeline().get(SendOnlySocket.class);
            InetSocketAddress local = (InetSocketAddress) c.localAddress();
            Future<?> done = c.eventLoop().submit(() -> {
                sender.open(local);
                return null;
            }).await();
            if (done.isSuccess()) {
                opened++;
            } else {
                LOG.warn("replies leave from the receiving socket on {}: no send-only socket ({})", local,
                        done.cause().toString());
            }
        }
        return opened;
    }

    /**
     * Steers the port's datagrams to the {@code channels} channels, of which {@code first} is one,
     * before a send-only socket joins their group; {@code false}, after a warning, when the kernel
     * refuses, and the channels then send themselves.
     */
    private static boolean steerToChannels(Channel first, int channels) {
        try {
            ChannelSteering.attach(first, channels);
            return true;
        } catch (ChannelException e) {
            LOG.warn("replies leave from the receiving sockets on {}: their datagrams cannot be steered ({})",
                    first.localAddress(), e.toString());
            return false;
        }
    }

    /** {@code initializer}'s pipeline behind a {@link SendOnlySocket}, nearest the socket, where the datagrams leave. */
    private static ChannelHandler withSendOnlySocket(ChannelHandler initializer) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("send-only", new SendOnlySocket()).addLast(initializer);
            }
        };
    }

    /**
     * With SO_REUSEPORT our bind would succeed next to another process's socket and share its
     * datagrams; a plain bind first fails, as it would for a node with one socket.
     */
    private static void refuseIfTaken(InetAddress address, int port) throws BindException {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(address, port));
        } catch (SocketException e) {
            BindException taken = new BindException("udp port " + port + " is already in use by another socket ("
                    + e.getMessage() + ")");
            taken.initCause(e);
            throw taken;
        }
    }

    /** Sockets of other processes bound to our port with SO_REUSEPORT, at the last look. */
    public int foreignSocketsOnPort() {
        return watch.foreign();
    }

    /** Looks at the socket tables now rather than at the next scheduled look; returns the count. */
    public int lookForForeignSockets() {
        watch.check();
        return watch.foreign();
    }

    /**
     * An IPv4 socket for an IPv4 address: bound there, it can only ever talk IPv4, and the kernel's
     * IPv4 send and receive paths then run without the IPv6 socket's wrappers around them. Any
     * other address, the wildcard {@code ::} included, gets the dual-stack IPv6 socket.
     */
    private static ChannelFactory<Channel> channelFactory(boolean epoll, InetAddress address) {
        if (address instanceof Inet4Address) {
            return epoll ? () -> new EpollDatagramChannel(SocketProtocolFamily.INET)
                    : () -> new NioDatagramChannel(SocketProtocolFamily.INET);
        }
        return epoll ? EpollDatagramChannel::new : NioDatagramChannel::new;
    }

    public List<Channel> channels() {
        return channels;
    }

    public boolean isEpoll() {
        return epoll;
    }

    /** Whether replies leave through send-only sockets ({@link SendOnlySocket}). */
    public boolean hasSendOnlySockets() {
        return sendOnlySockets > 0;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channels.get(0).localAddress();
    }

    @Override
    public void close() {
        for (Channel c : channels) {
            c.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
