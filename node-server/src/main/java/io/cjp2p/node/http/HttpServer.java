package io.cjp2p.node.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's small HTTP/1.1 listener: a {@link Selector} loop on one daemon thread of its own, so a
 * scrape never runs on a packet event loop.
 *
 * <p>Plain {@code java.nio} rather than Netty, so that a scrape never runs the packet path's
 * compiled Netty methods with other types and deoptimises them (docs/benchmarks.md). Not
 * {@code com.sun.net.httpserver} either: it reads requests with blocking reads and has no head
 * timeout or size limit by default.
 *
 * <p>It may face the internet (--http-bind), so everything is bounded: heads of at most 8 KiB
 * (the per-connection buffer), 10 s to deliver a head, 60 s idle, 10 s to take a response, 64
 * connections. Request bodies are never read; such a connection is closed after its answer.
 */
public final class HttpServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 24255;
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** How long accepting stops after accept() fails (out of file descriptors, say), instead of spinning. */
    private static final long ACCEPT_PAUSE_NANOS = 100_000_000L;
    /** The most connections taken per OP_ACCEPT, so deadlines are still checked under a flood. */
    private static final int ACCEPTS_PER_WAKEUP = 64;

    /**
     * The bounds, package-private so tests can shrink the timeouts; {@link #start(InetAddress, int,
     * HttpEndpoints)} uses {@link #DEFAULT}.
     *
     * @param sendBufferBytes SO_SNDBUF for accepted sockets, 0 for the system's (tests shrink it to
     *                        force partial writes)
     */
    record Limits(int maxConnections, int maxHeadBytes, Duration headTimeout, Duration idleTimeout,
                  Duration writeTimeout, Duration lingerTimeout, int sendBufferBytes) {
        static final Limits DEFAULT = new Limits(64, 8192, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(2), 0);

        Limits withTimeouts(Duration head, Duration idle, Duration write) {
            return new Limits(maxConnections, maxHeadBytes, head, idle, write, lingerTimeout, sendBufferBytes);
        }

        Limits withSendBuffer(int bytes) {
            return new Limits(maxConnections, maxHeadBytes, headTimeout, idleTimeout, writeTimeout, lingerTimeout,
                    bytes);
        }
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final SelectionKey acceptKey;
    private final InetSocketAddress localAddress;
    private final HttpEndpoints endpoints;
    private final Limits limits;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Selector thread only:
    private final List<HttpConnection> connections = new ArrayList<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(8192);
    private boolean acceptPaused;
    private long acceptResume;
    // Read by tests and logs from other threads:
    private volatile int open;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong partialWrites = new AtomicLong();

    private HttpServer(ServerSocketChannel server, Selector selector, HttpEndpoints endpoints, Limits limits)
            throws IOException {
        this.server = server;
        this.selector = selector;
        this.endpoints = endpoints;
        this.limits = limits;
        this.localAddress = (InetSocketAddress) server.getLocalAddress();
        this.acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = new Thread(this::run, "cjp2p-http");
        thread.setDaemon(true);
    }

    /**
     * Binds {@code address:port} ({@code port} 0 picks a free one) and starts serving.
     *
     * @throws IOException when the address cannot be bound ({@link java.net.BindException})
     */
    public static HttpServer start(InetAddress address, int port, HttpEndpoints endpoints) throws IOException {
        return start(address, port, endpoints, Limits.DEFAULT);
    }

    static HttpServer start(InetAddress address, int port, HttpEndpoints endpoints, Limits limits)
            throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.bind(new InetSocketAddress(address, port), limits.maxConnections());
            server.configureBlocking(false);
            selector = Selector.open();
            HttpServer s = new HttpServer(server, selector, endpoints, limits);
            s.thread.start();
            return s;
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(selector);
            closeQuietly(server);
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Stops accepting, closes every connection, and waits briefly for the thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Frees the port even if the thread is still inside a slow supplier; it cleans up the rest.
        closeQuietly(server);
    }

    HttpEndpoints endpoints() {
        return endpoints;
    }

    Limits limits() {
        return limits;
    }

    ByteBuffer scratch() {
        return scratch;
    }

    void countPartialWrite() {
        partialWrites.incrementAndGet();
    }

    int openConnections() {
        return open;
    }

    long refusedConnections() {
        return refused.get();
    }

    long partialWrites() {
        return partialWrites.get();
    }

    boolean threadAlive() {
        return thread.isAlive();
    }

    private void run() {
        try {
            while (!closed.get()) {
                try {
                    step();
                } catch (ClosedSelectorException e) {
                    break;
                } catch (IOException | RuntimeException | Error e) {
                    if (closed.get()) {
                        break;
                    }
                    // Not one connection's fault (those are caught in handle): log, breathe, go on.
                    LOG.warn("http listener: {}", e.toString(), e);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        break;
                    }
                }
            }
        } finally {
            for (HttpConnection c : connections) {
                closeQuietly(c.channel());
            }
            connections.clear();
            open = 0;
            closeQuietly(server);
            closeQuietly(selector);
        }
    }

    private void step() throws IOException {
        long wait = expire(System.nanoTime());
        if (wait == Long.MAX_VALUE) {
            selector.select();
        } else {
            // Round up, so we do not wake just before a deadline and spin until it passes.
            selector.select(Math.max(1, (wait + 999_999) / 1_000_000));
        }
        long now = System.nanoTime();
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            if (!k.isValid()) {
                continue;
            }
            if (k == acceptKey) {
                accept(now);
            } else {
                handle((HttpConnection) k.attachment(), now);
            }
        }
    }

    /**
     * Closes the connections whose deadline has passed and resumes accepting after a pause.
     *
     * @return nanoseconds until the next deadline, or Long.MAX_VALUE when there is none
     */
    private long expire(long now) {
        long wait = Long.MAX_VALUE;
        if (acceptPaused) {
            if (acceptResume - now <= 0) {
                acceptPaused = false;
                acceptKey.interestOps(SelectionKey.OP_ACCEPT);
            } else {
                wait = acceptResume - now;
            }
        }
        for (Iterator<HttpConnection> it = connections.iterator(); it.hasNext(); ) {
            HttpConnection c = it.next();
            long left = c.deadline() - now;
            if (left <= 0) {
                LOG.debug("http: closing a connection past its {} deadline", c.state());
                it.remove();
                closeQuietly(c.channel());
            } else {
                wait = Math.min(wait, left);
            }
        }
        open = connections.size();
        return wait;
    }

    private void accept(long now) {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.warn("http: accept failed, pausing accepts for 100 ms: {}", e.toString());
                    acceptPaused = true;
                    acceptResume = now + ACCEPT_PAUSE_NANOS;
                    acceptKey.interestOps(0);
                }
                return;
            }
            if (ch == null) {
                return;
            }
            if (connections.size() >= limits.maxConnections()) {
                long n = refused.incrementAndGet();
                LOG.debug("http: {} connections open, refusing another ({} refused so far)", connections.size(), n);
                closeQuietly(ch);
                continue;
            }
            try {
                ch.configureBlocking(false);
                // Each response goes out in one gathering write; no reason to let Nagle hold a tail.
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (limits.sendBufferBytes() > 0) {
                    ch.setOption(StandardSocketOptions.SO_SNDBUF, limits.sendBufferBytes());
                }
                SelectionKey k = ch.register(selector, SelectionKey.OP_READ);
                HttpConnection c = new HttpConnection(ch, k, this, now);
                k.attach(c);
                connections.add(c);
                open = connections.size();
            } catch (IOException | RuntimeException e) {
                LOG.debug("http: cannot set up an accepted connection: {}", e.toString());
                closeQuietly(ch);
            }
        }
    }

    private void handle(HttpConnection c, long now) {
        boolean keep;
        try {
            keep = c.ready(now);
        } catch (IOException e) {
            LOG.debug("http connection failed: {}", e.toString());
            keep = false;
        } catch (RuntimeException | Error e) {
            // A bug or a supplier's Error: this connection pays for it, the listener carries on.
            LOG.warn("http connection failed", e);
            keep = false;
        }
        if (!keep) {
            connections.remove(c);
            open = connections.size();
            closeQuietly(c.channel());
        }
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("http: close failed: {}", e.toString());
        }
    }
}
