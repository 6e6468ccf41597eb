package io.cjp2p.node.http;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The read-only endpoints: {@code /metrics} (Prometheus text format 0.0.4), {@code
 * /status.json}, {@code /healthz} and the chat page at {@code /} ({@link StaticPages}). Anything else is 404; a method other than GET or HEAD is 405.
 * A pure function of method and path, so routing is tested without a socket.
 */
public final class HttpEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Response METHOD_NOT_ALLOWED = new Response(405, "Method Not Allowed", Response.TEXT,
            Map.of("Allow", "GET, HEAD"), "GET only\n".getBytes(StandardCharsets.UTF_8));
    private static final Response NOT_FOUND = Response.text(404, "Not Found",
            "not found: try /, /metrics, /status.json, /healthz\n");
    private static final Response METRICS_OFF = Response.text(404, "Not Found", "metrics are off\n");
    private static final Response HEALTHY = Response.text(200, "OK", "ok\n");
    private static final Response UNHEALTHY = Response.text(503, "Service Unavailable", "udp sockets closed\n");
    private static final Response INTERNAL_ERROR = Response.text(500, "Internal Server Error", "internal error\n");

    private final Supplier<String> metrics;
    private final Supplier<byte[]> status;
    private final BooleanSupplier healthy;
    private final StaticPages pages = new StaticPages();
    /** {@code POST /get/<id>}, or null when this listener queues no downloads. */
    private DownloadRequests downloads;

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

    /** Also answers {@code POST /get/<id>}. */
    public HttpEndpoints downloads(DownloadRequests value) {
        this.downloads = value;
        return this;
    }

    /**
     * The answer to a request that may change something ({@code POST /get/<id>}), which depends on
     * who asks ({@code remote}) and from which page ({@code origin}, null for none); every other
     * request is {@link #respond(String, String)}'s.
     */
    Response respond(String method, String path, InetSocketAddress remote, String origin) {
        if (downloads != null && DownloadRequests.handles(method, path)) {
            try {
                return downloads.respond(path, remote, origin);
            } catch (RuntimeException e) {
                LOG.warn("error serving {}", path, e);
                return INTERNAL_ERROR;
            }
        }
        return respond(method, path);
    }

    /**
     * The answer to {@code method} on {@code path}. For HEAD it is the GET answer; the listener sends
     * its head only. The suppliers run on the caller's thread; one that throws gives a 500.
     *
     * @param path the request's path as {@link RequestTarget#pathOf} found it: query cut, escapes decoded
     */
    public Response respond(String method, String path) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return METHOD_NOT_ALLOWED;
        }
        try {
            switch (path) {
                case "/metrics":
                    if (metrics == null) {
                        return METRICS_OFF;
                    }
                    return new Response(200, "OK", PROMETHEUS_TEXT, Map.of(),
                            metrics.get().getBytes(StandardCharsets.UTF_8));
                case "/status.json":
                    // As the Rust node does: browser pages elsewhere may read it.
                    return new Response(200, "OK", "application/json", Map.of("Access-Control-Allow-Origin", "*"),
                            status.get());
                case "/healthz":
                    return healthy.getAsBoolean() ? HEALTHY : UNHEALTHY;
                default:
                    Response page = pages.find(path);
                    return page != null ? page : NOT_FOUND;
            }
        } catch (RuntimeException e) {
            LOG.warn("error serving {}", path, e);
            return INTERNAL_ERROR;
        }
    }
}
