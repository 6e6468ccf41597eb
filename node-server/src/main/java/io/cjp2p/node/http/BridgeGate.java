package io.cjp2p.node.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Stands before the router on every HTTP connection: a request for the bridge's path is refused
 * (403 for a client off loopback or a page from a foreign origin, 503 when the bridge is full) or
 * let through to Netty's WebSocket handshake, which this installs for that connection only.
 */
final class BridgeGate extends ChannelInboundHandlerAdapter {
    private static final Response NOT_LOOPBACK = Response.text(403, "Forbidden",
            "the browser bridge takes loopback clients only\n");
    private static final Response FOREIGN_ORIGIN = Response.text(403, "Forbidden",
            "pages from this origin may not use the browser bridge (see --ws-allow-origin)\n");
    private static final Response FULL = Response.text(503, "Service Unavailable",
            "the browser bridge has all the clients it takes\n");

    private final BrowserBridge bridge;
    private final Consumer<Channel> leaveHttp;
    private final Duration linger;

    BridgeGate(BrowserBridge bridge, Consumer<Channel> leaveHttp, Duration linger) {
        this.bridge = bridge;
        this.leaveHttp = leaveHttp;
        this.linger = linger;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || req.decoderResult().isFailure()
                || !BrowserBridge.isBridgeTarget(req.uri())) {
            ctx.fireChannelRead(msg);
            return;
        }
        BridgeRefusal refusal = bridge.refusal((InetSocketAddress) ctx.channel().remoteAddress(),
                req.headers().get(HttpHeaderNames.ORIGIN));
        if (refusal != null) {
            req.release();
            bridge.refused(refusal);
            HttpReplies.close(ctx, switch (refusal) {
                case NOT_LOOPBACK -> NOT_LOOPBACK;
                case ORIGIN -> FOREIGN_ORIGIN;
                default -> FULL;
            }, false, linger);
            return;
        }
        BrowserBridge.Limits limits = bridge.limits();
        ChannelPipeline p = ctx.pipeline();
        // The handshake handler matches this very target; frames over the limit break the protocol.
        p.addAfter(ctx.name(), "ws", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(req.uri())
                .checkStartsWith(false)
                .maxFramePayloadLength(limits.maxFrameBytes())
                .allowExtensions(false)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .build()));
        p.addAfter("ws", "ws-aggregator", new WebSocketFrameAggregator(limits.maxFrameBytes()));
        p.addAfter("ws-aggregator", "bridge", new BridgeHandler(bridge, leaveHttp));
        p.remove(this);
        ctx.fireChannelRead(req);
    }
}
