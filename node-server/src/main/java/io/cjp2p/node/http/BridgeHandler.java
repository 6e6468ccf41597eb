package io.cjp2p.node.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One page's WebSocket once the handshake is done: opens it in the bridge, hands each text or
 * binary frame over, pings a silent page and closes one that stays silent, and counts protocol
 * violations and slow readers.
 */
final class BridgeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeHandler.class);

    private final BrowserBridge bridge;
    private final Consumer<Channel> leaveHttp;
    private BridgeConnection connection;

    BridgeHandler(BrowserBridge bridge, Consumer<Channel> leaveHttp) {
        this.bridge = bridge;
        this.leaveHttp = leaveHttp;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            opened(ctx);
            return;
        }
        if (evt instanceof IdleStateEvent idle) {
            if (idle.isFirst()) {
                ctx.writeAndFlush(new PingWebSocketFrame()); // a live browser answers with a pong
            } else {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void opened(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        leaveHttp.accept(ch);
        BrowserBridge.Limits limits = bridge.limits();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(limits.maxQueuedBytes() / 2,
                limits.maxQueuedBytes()));
        long ping = limits.pingInterval().toNanos();
        ctx.pipeline().replace(HttpServer.IDLE, HttpServer.IDLE, new IdleStateHandler(ping, 0, 0, TimeUnit.NANOSECONDS));
        connection = bridge.open(ch);
        if (connection == null) {
            bridge.refused(BridgeRefusal.TOO_MANY);
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.TRY_AGAIN_LATER))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ch.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (connection != null && (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)) {
                bridge.received(connection, frame.content());
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            bridge.closed(connection);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException || cause instanceof TooLongFrameException) {
            bridge.refused(BridgeRefusal.BAD_FRAME); // the protocol says to close on these
        } else if (cause instanceof WriteTimeoutException) {
            if (connection != null) {
                connection.tooSlow(); // the queue bound may have found it already: one count per page
            } else {
                bridge.refused(BridgeRefusal.SLOW_READER);
            }
        }
        LOG.debug("browser bridge connection closed: {}", cause.toString());
        ctx.close();
    }
}
