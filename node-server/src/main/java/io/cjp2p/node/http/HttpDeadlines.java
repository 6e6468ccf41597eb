package io.cjp2p.node.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The clock of one HTTP connection, in front of the decoder (it sees raw bytes):
 * <ul>
 *   <li>the head deadline: from accept, or from the first byte after an answer, the client has
 *       the head timeout to complete its request. Bytes that trickle in do not move it (no
 *       slowloris); an answer going out ends it.</li>
 *   <li>idle keep-alive: the {@link io.netty.handler.timeout.IdleStateHandler} before it fires
 *       once nothing moved for the idle timeout, and this closes the connection.</li>
 *   <li>the last activity (a read or a write), by which {@link ConnectionPool} picks the
 *       connection to evict when the cap is reached.</li>
 * </ul>
 * Removed when the connection becomes a WebSocket, which has its own rules.
 */
final class HttpDeadlines extends ChannelDuplexHandler {
    private final long headTimeoutNanos;
    private ScheduledFuture<?> head;
    private long lastActivity = System.nanoTime();

    HttpDeadlines(long headTimeoutNanos) {
        this.headTimeoutNanos = headTimeoutNanos;
    }

    /** {@link System#nanoTime()} of the last read or write. */
    long lastActivity() {
        return lastActivity;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivity = System.nanoTime();
        if (head == null) {
            arm(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // Only answers are written, and an answer means its request's head was complete.
        lastActivity = System.nanoTime();
        disarm();
        ctx.write(msg, promise);
    }

    /** A request head is complete and its body is coming (an upload): the head deadline ends. */
    void headComplete() {
        disarm();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx) {
        head = ctx.executor().schedule(() -> {
            ctx.channel().close();
        }, headTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (head != null) {
            head.cancel(false);
            head = null;
        }
    }
}
