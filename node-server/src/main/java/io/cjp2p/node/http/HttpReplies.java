package io.cjp2p.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Sends a {@link Response} through Netty's HTTP codec, keeping the connection or closing it politely. */
final class HttpReplies {
    /** The most a closing connection may still send us before we stop being polite. */
    private static final int MAX_LINGER_BYTES = 64 * 1024;

    private HttpReplies() {
    }

    /**
     * {@code r} as Netty's message: HTTP/1.1, with {@code Cache-Control: no-store} and the body's
     * {@code Content-Length} (also for HEAD, whose body is left out).
     *
     * @param connection the {@code Connection} value to send ("close", "keep-alive"), or null for
     *                   none (HTTP/1.1 keep-alive is the default and needs none)
     */
    static FullHttpResponse toNetty(Response r, boolean headOnly, String connection) {
        ByteBuf body = headOnly || r.body().length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body());
        FullHttpResponse m = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(r.status(), r.reason()), body);
        HttpHeaders h = m.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        r.headers().forEach(h::set);
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        h.set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        if (connection != null) {
            h.set(HttpHeaderNames.CONNECTION, connection);
        }
        return m;
    }

    /** Sends {@code r} on a connection that stays open; the future completes once it is gone. */
    static ChannelFuture keep(ChannelHandlerContext ctx, Response r, boolean headOnly, String connection) {
        return ctx.writeAndFlush(toNetty(r, headOnly, connection));
    }

    /**
     * Sends {@code r} with {@code Connection: close}, shuts our side, and reads and drops whatever
     * the client still sends for {@code linger}: closing with unread bytes would send a reset that
     * can destroy the response before the client has read it.
     */
    static void close(ChannelHandlerContext ctx, Response r, boolean headOnly, Duration linger) {
        Channel ch = ctx.channel();
        ch.writeAndFlush(toNetty(r, headOnly, "close")).addListener(f -> {
            if (!f.isSuccess() || !(ch instanceof DuplexChannel duplex) || !ch.isActive()) {
                ch.close();
                return;
            }
            // First in the pipeline: no byte reaches the HTTP decoder any more.
            ch.pipeline().addFirst(new Discard());
            ch.config().setAutoRead(true);
            duplex.shutdownOutput();
            ch.eventLoop().schedule(() -> {
                ch.close();
            }, linger.toNanos(), TimeUnit.NANOSECONDS);
        });
    }

    /** Drops what a closing connection sends; the client's own close (EOF) closes the channel. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        private int dropped;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                dropped += b.readableBytes();
            }
            ReferenceCountUtil.release(msg);
            if (dropped > MAX_LINGER_BYTES) {
                ctx.close();
            }
        }
    }
}
