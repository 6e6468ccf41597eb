package io.cjp2p.node.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's HTTP/1.1 listener ({@code /metrics}, {@code /status.json}, {@code /healthz}, and the
 * browser bridge's WebSocket on {@code /wt} when there is one): Netty's HTTP codec on an event loop
 * of its own, one thread, never a packet loop.
 *
 * <p>It may face the internet (--http-bind), so everything is bounded: a request line of at most
 * 4 KiB and header fields of at most 8 KiB, 10 s to deliver a head, 60 s idle, 10 s to take each
 * write, one answer in flight per connection, 64 connections. At the cap a newcomer evicts the
 * connection idle the longest ({@link ConnectionPool}). Request bodies are never kept
 * ({@link BodyGate}); such a connection is closed after its answer.
 */
public final class HttpServer implements AutoCloseable {
    static final String IDLE = "idle";
    static final String DEADLINES = "deadlines";
    static final String BODY = "body";
    static final String CONTENT = "content";
    static final String ROUTER = "router";

    /**
     * The bounds, package-private so tests can shrink them; {@link #start(InetAddress, int,
     * HttpEndpoints, BrowserBridge)} uses {@link #DEFAULT}.
     *
     * @param sendBufferBytes SO_SNDBUF for accepted sockets, 0 for the system's (tests shrink it to
     *                        fill buffers quickly)
     */
    record Limits(int maxConnections, int maxRequestLine, int maxHeaderBytes, Duration headTimeout,
                  Duration idleTimeout, Duration writeTimeout, Duration lingerTimeout, int sendBufferBytes) {
        static final Limits DEFAULT = new Limits(64, 4096, 8192, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(2), 0);

        Limits withTimeouts(Duration head, Duration idle, Duration write) {
            return new Limits(maxConnections, maxRequestLine, maxHeaderBytes, head, idle, write, lingerTimeout,
                    sendBufferBytes);
        }

        Limits withSendBuffer(int bytes) {
            return new Limits(maxConnections, maxRequestLine, maxHeaderBytes, headTimeout, idleTimeout, writeTimeout,
                    lingerTimeout, bytes);
        }
    }

    private final EventLoopGroup group;
    /** Every accepted connection, HTTP or WebSocket, so that close() closes them all. */
    private final ChannelGroup connections;
    private final Channel server;
    private final ConnectionPool pool;
    private final BrowserBridge bridge;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpServer(EventLoopGroup group, ChannelGroup connections, Channel server, ConnectionPool pool,
                       BrowserBridge bridge) {
        this.group = group;
        this.connections = connections;
        this.server = server;
        this.pool = pool;
        this.bridge = bridge;
    }

    /**
     * Binds {@code address:port} ({@code port} 0 picks a free one) and starts serving.
     *
     * @param bridge the browser bridge served on {@code /wt}, or null for none
     * @throws IOException when the address cannot be bound ({@link java.net.BindException})
     */
    public static HttpServer start(InetAddress address, int port, HttpEndpoints endpoints, BrowserBridge bridge)
            throws IOException {
        return start(address, port, endpoints, bridge, null, Limits.DEFAULT);
    }

    /**
     * {@link #start(InetAddress, int, HttpEndpoints, BrowserBridge)} with the content paths
     * ({@code GET /<sha256>}, {@code POST /upload}, {@code GET /content.json}).
     */
    public static HttpServer start(InetAddress address, int port, HttpEndpoints endpoints, BrowserBridge bridge,
                                   ContentHttp content) throws IOException {
        return start(address, port, endpoints, bridge, content, Limits.DEFAULT);
    }

    /** {@link #start(InetAddress, int, HttpEndpoints, BrowserBridge)} without a bridge. */
    public static HttpServer start(InetAddress address, int port, HttpEndpoints endpoints) throws IOException {
        return start(address, port, endpoints, null, null, Limits.DEFAULT);
    }

    static HttpServer start(InetAddress address, int port, HttpEndpoints endpoints, BrowserBridge bridge,
                            Limits limits) throws IOException {
        return start(address, port, endpoints, bridge, null, limits);
    }

    static HttpServer start(InetAddress address, int port, HttpEndpoints endpoints, BrowserBridge bridge,
                            ContentHttp content, Limits limits) throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cjp2p-http", true),
                NioIoHandler.newFactory());
        ConnectionPool pool = new ConnectionPool(limits.maxConnections());
        ChannelGroup connections = new DefaultChannelGroup("cjp2p-http", group.next());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, limits.maxConnections())
                // Reads are requested one request at a time (HttpRouter), so pipelining is bounded.
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (limits.sendBufferBytes() > 0) {
                            ch.config().setSendBufferSize(limits.sendBufferBytes());
                        }
                        HttpDeadlines clock = new HttpDeadlines(limits.headTimeout().toNanos());
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(IDLE, new IdleStateHandler(0, 0, limits.idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
                        p.addLast("write-timeout", new WriteTimeoutHandler(limits.writeTimeout().toNanos(),
                                TimeUnit.NANOSECONDS));
                        p.addLast(DEADLINES, clock);
                        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(limits.maxRequestLine())
                                .setMaxHeaderSize(limits.maxHeaderBytes())));
                        if (content != null) {
                            p.addLast("chunked", new ChunkedWriteHandler());
                            p.addLast(CONTENT, content.newHandler());
                        }
                        p.addLast(BODY, new BodyGate());
                        p.addLast("aggregator", new HttpObjectAggregator(0));
                        p.addLast("flow", new FlowControlHandler());
                        if (bridge != null) {
                            p.addLast("bridge-gate", bridge.gate(c -> leaveHttp(c, pool), limits.lingerTimeout()));
                        }
                        p.addLast(ROUTER, new HttpRouter(endpoints, limits.lingerTimeout()));
                        pool.admit(ch, clock);
                        connections.add(ch);
                    }
                });
        ChannelFuture bound = b.bind(address, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = bound.cause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
        return new HttpServer(group, connections, bound.channel(), pool, bridge);
    }

    /**
     * A connection that became a WebSocket: it leaves the HTTP pool (the bridge bounds its own
     * clients) and sheds the HTTP-only handlers. Called by the bridge on its event loop.
     */
    private static void leaveHttp(Channel ch, ConnectionPool pool) {
        pool.leave(ch);
        ChannelPipeline p = ch.pipeline();
        p.remove(DEADLINES);
        p.remove(BODY);
        if (p.get(CONTENT) != null) {
            p.remove(CONTENT);
        }
        p.remove(ROUTER);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** The browser bridge served on {@code /wt}, or null. */
    public BrowserBridge bridge() {
        return bridge;
    }

    /** Stops accepting, closes every connection and stops the listener's thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    int openConnections() {
        return pool.size();
    }

    long evictedConnections() {
        return pool.evicted();
    }

    boolean terminated() {
        return group.isTerminated();
    }
}
