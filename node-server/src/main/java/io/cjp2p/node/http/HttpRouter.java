package io.cjp2p.node.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * Answers each whole request from {@link HttpEndpoints}, one at a time: the next request is read
 * only once the answer is gone, so a client that pipelines without reading holds at most one
 * answer in our memory. A head the decoder refused gets 400 (431 when too large, 414 for a
 * request line too long) and the connection is closed.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);

    private final HttpEndpoints endpoints;
    private final Duration linger;
    /** Whether we asked for a request and none came yet. */
    private boolean awaiting;

    HttpRouter(HttpEndpoints endpoints, Duration linger) {
        this.endpoints = endpoints;
        this.linger = linger;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        requestNext(ctx);
        ctx.fireChannelActive();
    }

    /**
     * Auto-read is off: we ask for one request at a time. A read that ends without one (a partial
     * head) satisfies the ask ({@link io.netty.handler.flow.FlowControlHandler}), so we ask again.
     */
    private void requestNext(ChannelHandlerContext ctx) {
        awaiting = true;
        ctx.read();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (awaiting) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        awaiting = false;
        Response refused = refusal(req);
        if (refused != null) {
            HttpReplies.close(ctx, refused, false, linger);
            return;
        }
        String path;
        try {
            path = RequestTarget.pathOf(req.uri());
        } catch (RequestTarget.BadTarget e) {
            LOG.debug("http: bad target from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
            HttpReplies.close(ctx, Response.BAD_REQUEST, false, linger);
            return;
        }
        Response r = endpoints.respond(req.method().name(), path,
                (java.net.InetSocketAddress) ctx.channel().remoteAddress(), req.headers().get("Origin"));
        boolean headOnly = req.method().equals(HttpMethod.HEAD);
        if (HttpUtil.isKeepAlive(req)) {
            HttpReplies.keep(ctx, r, headOnly, req.protocolVersion().minorVersion() == 0 ? "keep-alive" : null)
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            requestNext(ctx);
                        } else {
                            ctx.close();
                        }
                    });
        } else {
            HttpReplies.close(ctx, r, headOnly, linger);
        }
    }

    /** The answer to a head that cannot be served, or null for a good one. */
    private static Response refusal(FullHttpRequest req) {
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            LOG.debug("http: bad request: {}", cause.toString());
            if (cause instanceof TooLongHttpHeaderException) {
                return Response.HEAD_TOO_LARGE;
            }
            if (cause instanceof TooLongHttpLineException) {
                return Response.URI_TOO_LONG;
            }
            return cause instanceof TooLongFrameException ? Response.HEAD_TOO_LARGE : Response.BAD_REQUEST;
        }
        if (req.protocolVersion().majorVersion() != 1) {
            return Response.BAD_REQUEST; // the decoder takes any HTTP/x.y; we speak 1.0 and 1.1
        }
        return null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // One connection pays for its own failure (a reset, a timeout, a supplier's Error); the
        // listener carries on.
        if (cause instanceof IOException || cause instanceof TimeoutException) {
            LOG.debug("http connection failed: {}", cause.toString());
        } else {
            LOG.warn("http connection failed", cause);
        }
        ctx.close();
    }
}
