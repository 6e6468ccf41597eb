package io.cjp2p.node.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * No endpoint takes a body, so none is kept: a request that announces one goes on without it,
 * marked {@code Connection: close}, and its content is dropped as it arrives. The connection is
 * closed after the answer, so nothing after a body is ever read as a request (no smuggling), and
 * {@link io.netty.handler.codec.http.HttpObjectAggregator} behind this never buffers a byte.
 */
final class BodyGate extends ChannelInboundHandlerAdapter {
    private boolean dropping;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req && req.decoderResult().isSuccess() && hasBody(req)) {
            FullHttpRequest bare = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
                    Unpooled.EMPTY_BUFFER);
            bare.headers().set(req.headers());
            bare.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            dropping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            ctx.fireChannelRead(bare);
            return;
        }
        if (dropping && msg instanceof HttpContent) {
            dropping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean hasBody(HttpRequest req) {
        if (req.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return true;
        }
        try {
            return HttpUtil.getContentLength(req, 0L) > 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
