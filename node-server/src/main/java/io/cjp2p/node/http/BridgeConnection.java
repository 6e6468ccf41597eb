package io.cjp2p.node.http;

import io.cjp2p.node.limit.Pace;
import io.cjp2p.node.limit.SharedBucket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/** One open page: its channel, its frame budget, and the bounded way frames reach it. */
final class BridgeConnection implements BridgeClient {
    private final Channel channel;
    private final BrowserBridge bridge;
    private final SharedBucket frames;
    /** Set once closed as a slow reader: frames already on their way to the loop are dropped. */
    private boolean dropped;
    /**
     * Bytes handed over from other threads (the packet loops) and not yet on the channel: counted
     * against the same bound, so a page the listener's loop cannot keep up with is closed too and
     * the loop's task queue never grows without end.
     */
    private final AtomicInteger inTransit = new AtomicInteger();

    BridgeConnection(Channel channel, BrowserBridge bridge, Pace framePace) {
        this.channel = channel;
        this.bridge = bridge;
        this.frames = new SharedBucket(framePace, System.nanoTime());
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public void send(String json) {
        send(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    }

    /**
     * Queues {@code payload} as a text frame, on the channel's loop. When it would take the page's
     * unsent bytes past the high water mark ({@link BrowserBridge.Limits#maxQueuedBytes}), the page
     * is not reading: it is closed rather than sent more.
     */
    void send(ByteBuf payload) {
        EventLoop loop = channel.eventLoop();
        if (!loop.inEventLoop()) {
            int n = payload.readableBytes();
            if (inTransit.addAndGet(n) > bridge.limits().maxQueuedBytes()) {
                inTransit.addAndGet(-n);
                payload.release();
                try {
                    loop.execute(this::tooSlow);
                } catch (RejectedExecutionException e) {
                    // the listener is shutting down
                }
                return;
            }
            try {
                loop.execute(() -> {
                    inTransit.addAndGet(-n);
                    send(payload);
                });
            } catch (RejectedExecutionException e) {
                inTransit.addAndGet(-n);
                payload.release(); // the listener is shutting down
            }
            return;
        }
        if (dropped || !channel.isActive()) {
            payload.release();
            return;
        }
        if (payload.readableBytes() > channel.bytesBeforeUnwritable()) {
            payload.release();
            tooSlow();
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(payload));
        bridge.sent();
    }

    /** Closes the page, once, as a slow reader (counted once, however many ways it was found). On the channel's loop. */
    void tooSlow() {
        if (dropped) {
            return;
        }
        dropped = true;
        bridge.refused(BridgeRefusal.SLOW_READER);
        channel.close();
    }

    @Override
    public boolean takeDatagram() {
        return takeFrame(System.nanoTime());
    }

    /** Whether the page may send one more frame now. */
    boolean takeFrame(long now) {
        return frames.tryAcquire(1, 1.0, now);
    }
}
