package io.cjp2p.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The three read-only endpoints: {@code /metrics} (Prometheus text format 0.0.4), {@code
 * /status.json} and {@code /healthz}. Anything else is 404; a method other than GET or HEAD is 405.
 */
@ChannelHandler.Sharable
public final class HttpEndpoints extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> metrics;
    private final Supplier<byte[]> status;
    private final BooleanSupplier healthy;

    /**
     * @param metrics the scrape, or {@code null} when metrics are off
     * @param status  the status document
     * @param healthy whether the node's sockets are open
     */
    public HttpEndpoints(Supplier<String> metrics, Supplier<byte[]> status, BooleanSupplier healthy) {
        this.metrics = metrics;
        this.status = status;
        this.healthy = healthy;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        if (!request.decoderResult().isSuccess()) {
            response = text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
        } else if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else {
            response = route(new QueryStringDecoder(request.uri()).path());
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (request.method() == HttpMethod.HEAD) {
            response.content().clear();
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        var f = ctx.writeAndFlush(response);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse route(String path) {
        try {
            switch (path) {
                case "/metrics":
                    if (metrics == null) {
                        return text(HttpResponseStatus.NOT_FOUND, "metrics are off\n");
                    }
                    FullHttpResponse m = response(HttpResponseStatus.OK,
                            Unpooled.copiedBuffer(metrics.get(), StandardCharsets.UTF_8));
                    m.headers().set(HttpHeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT);
                    return m;
                case "/status.json":
                    FullHttpResponse s = response(HttpResponseStatus.OK, Unpooled.wrappedBuffer(status.get()));
                    s.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
                    // As the Rust node does: browser pages elsewhere may read it.
                    s.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
                    return s;
                case "/healthz":
                    return healthy.getAsBoolean() ? text(HttpResponseStatus.OK, "ok\n")
                            : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "udp sockets closed\n");
                default:
                    return text(HttpResponseStatus.NOT_FOUND, "not found: try /metrics, /status.json, /healthz\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("error serving {}", path, e);
            return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse r = response(status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return r;
    }

    private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("http connection failed", cause);
        ctx.close();
    }
}
