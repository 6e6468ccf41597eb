package io.cjp2p.node.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One accepted connection, driven by {@link HttpServer}'s selector thread only. It is always in one
 * of three states, each with one deadline:
 * <ul>
 *   <li>READ: waiting for a whole request head. The deadline is the head timeout from accept, or
 *       from the first byte of a later request; while a kept-alive connection has nothing buffered
 *       it is the idle timeout instead. Bytes that trickle in do not move it (no slowloris).</li>
 *   <li>WRITE: the kernel took only part of a response; the rest waits for OP_WRITE. Nothing is
 *       read meanwhile, so pipelined requests wait in the client's and the kernel's buffers.</li>
 *   <li>LINGER: the last response is sent and our side shut; input is read and dropped for a
 *       moment so that closing with unread bytes (a body we never read) does not send a reset
 *       that could destroy the response before the client has read it.</li>
 * </ul>
 * At most {@link HttpServer.Limits#maxHeadBytes} are ever buffered: the buffer is the head limit.
 */
final class HttpConnection {
    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);
    /** The most we drop while lingering before we stop being polite. */
    private static final int MAX_LINGER_BYTES = 64 * 1024;

    private enum State { READ, WRITE, LINGER }

    private final SocketChannel channel;
    private final SelectionKey key;
    private final HttpServer server;
    private final HttpServer.Limits limits;
    private final byte[] in;
    private int len;
    private State state = State.READ;
    private long deadline;
    /** READ with nothing buffered after a response: the idle timeout applies until a byte comes. */
    private boolean idle;
    private ByteBuffer[] out;
    private boolean closeAfterWrite;
    private boolean firstWrite;
    private int lingered;

    HttpConnection(SocketChannel channel, SelectionKey key, HttpServer server, long now) {
        this.channel = channel;
        this.key = key;
        this.server = server;
        this.limits = server.limits();
        this.in = new byte[limits.maxHeadBytes()];
        this.deadline = now + limits.headTimeout().toNanos();
    }

    SocketChannel channel() {
        return channel;
    }

    long deadline() {
        return deadline;
    }

    String state() {
        return idle ? "IDLE" : state.name();
    }

    /**
     * Handles the key's readiness.
     *
     * @return false when the connection is finished and must be closed
     */
    boolean ready(long now) throws IOException {
        switch (state) {
            case READ:
                return read(now);
            case WRITE:
                flush(now);
                return serve(now);
            default:
                return linger();
        }
    }

    private boolean read(long now) throws IOException {
        int n = channel.read(ByteBuffer.wrap(in, len, in.length - len));
        if (n < 0) {
            // The peer is done. Whole requests were answered as they came, so only part of a head
            // can be left, and nobody is listening for an answer to it.
            return false;
        }
        if (n > 0 && idle) {
            idle = false;
            deadline = now + limits.headTimeout().toNanos();
        }
        len += n;
        return serve(now);
    }

    /** Answers the whole heads in the buffer, in order, while each answer goes out at once. */
    private boolean serve(long now) throws IOException {
        while (state == State.READ) {
            int end = RequestHead.end(in, len);
            if (end < 0) {
                if (len < in.length) {
                    return true; // wait for more
                }
                LOG.debug("http: request head over {} bytes from {}", in.length, remote());
                len = 0;
                begin(Response.HEAD_TOO_LARGE, false, "close", now);
            } else {
                answer(end, now);
            }
            flush(now);
        }
        return true;
    }

    private void answer(int end, long now) {
        RequestHead head;
        try {
            head = RequestHead.parse(in, end);
        } catch (RequestHead.BadRequest e) {
            LOG.debug("http: bad request from {}: {}", remote(), e.getMessage());
            len = 0;
            begin(Response.BAD_REQUEST, false, "close", now);
            return;
        }
        System.arraycopy(in, end, in, 0, len - end);
        len -= end;
        Response r = server.endpoints().respond(head.method(), head.path());
        String connection;
        if (!head.keepAlive() || head.hasBody()) {
            // With a body we close rather than find its end: nothing to parse, nothing to smuggle.
            connection = "close";
            len = 0;
        } else {
            connection = head.minorVersion() == 0 ? "keep-alive" : null;
        }
        begin(r, head.method().equals("HEAD"), connection, now);
    }

    private void begin(Response r, boolean headOnly, String connection, long now) {
        ByteBuffer h = ByteBuffer.wrap(r.head(connection));
        out = headOnly || r.body().length == 0 ? new ByteBuffer[] {h}
                : new ByteBuffer[] {h, ByteBuffer.wrap(r.body())};
        closeAfterWrite = "close".equals(connection);
        state = State.WRITE;
        idle = false;
        firstWrite = true;
        // The whole response must be gone by then, however slowly the client takes it.
        deadline = now + limits.writeTimeout().toNanos();
    }

    private void flush(long now) throws IOException {
        channel.write(out);
        if (out[out.length - 1].hasRemaining()) {
            if (firstWrite) {
                firstWrite = false;
                server.countPartialWrite();
            }
            key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        out = null;
        key.interestOps(SelectionKey.OP_READ);
        if (closeAfterWrite) {
            channel.shutdownOutput();
            state = State.LINGER;
            deadline = now + limits.lingerTimeout().toNanos();
            return;
        }
        state = State.READ;
        if (len == 0) {
            idle = true;
            deadline = now + limits.idleTimeout().toNanos();
        } else {
            // The next pipelined request has already begun: its head is due within the head timeout.
            deadline = now + limits.headTimeout().toNanos();
        }
    }

    private boolean linger() throws IOException {
        ByteBuffer scratch = server.scratch();
        scratch.clear();
        int n = channel.read(scratch);
        if (n < 0) {
            return false;
        }
        lingered += n;
        return lingered <= MAX_LINGER_BYTES;
    }

    private Object remote() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
