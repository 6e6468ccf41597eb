package io.cjp2p.node.runtime;

import io.cjp2p.node.dispatch.PageFeed;
import io.cjp2p.node.http.BridgeEvents;
import io.cjp2p.node.http.BridgeRefusal;
import io.cjp2p.node.http.BrowserBridge;
import io.cjp2p.node.http.ContentHttp;
import io.cjp2p.node.http.DownloadRequests;
import io.cjp2p.node.http.ForwardOutcome;
import io.cjp2p.node.http.HttpEndpoints;
import io.cjp2p.node.http.HttpServer;
import io.cjp2p.node.http.StatusReport;
import io.cjp2p.node.metrics.BridgeMetrics;
import io.cjp2p.node.metrics.Observability;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** The HTTP listener of a running node: its pages and its browser bridge, wired to the node and the metrics. */
public final class HttpWiring {
    private HttpWiring() {
    }

    /**
     * Binds {@code address:port} and serves {@code /metrics}, {@code /status.json}, {@code
     * /healthz} and the browser bridge on {@code /wt}.
     *
     * @param allowOrigins pages let onto the bridge besides loopback ones (--ws-allow-origin)
     */
    public static HttpServer start(Node node, Observability observability, InetAddress address, int port,
                                   List<String> allowOrigins, String version) throws IOException {
        String key = node.keys().publicHex();
        StatusReport status = new StatusReport(node.peers(), node.candidates(), node.localAddress(), version, key)
                .downloads(node.downloads());
        HttpEndpoints endpoints = new HttpEndpoints(observability::scrape, status::render,
                () -> node.transport().channels().stream().allMatch(c -> c.isActive()));
        BridgeEvents events = new MeteredEvents(observability.bridge(BridgeRefusal.labels(), ForwardOutcome.labels()));
        BridgeToNode toNode = new BridgeToNode(node.peers(), node.identity(), node.cookies(),
                () -> node.transport().channels().get(0), events);
        BrowserBridge bridge = new BrowserBridge(allowOrigins, key, toNode, events);
        endpoints.downloads(new DownloadRequests(node.downloads(), bridge, Node.DOWNLOAD_GIVE_UP));
        ContentHttp content = new ContentHttp(node.content(), node.config().uploadMaxBytes(), allowOrigins, key);
        HttpServer server = HttpServer.start(address, port, endpoints, bridge, content);
        node.identity().pages().attach(new PageFeed.Pages() {
            @Override
            public boolean listening() {
                return bridge.clients() > 0;
            }

            @Override
            public void broadcast(ByteBuf frame) {
                bridge.broadcast(frame);
            }
        });
        return server;
    }

    /** The bridge's events, counted. */
    private static final class MeteredEvents implements BridgeEvents {
        private final BridgeMetrics metrics;

        MeteredEvents(BridgeMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void clientOpened() {
            metrics.clientOpened();
        }

        @Override
        public void clientClosed() {
            metrics.clientClosed();
        }

        @Override
        public void frameReceived() {
            metrics.frameReceived();
        }

        @Override
        public void frameSent() {
            metrics.frameSent();
        }

        @Override
        public void refused(BridgeRefusal reason) {
            metrics.refused(reason.label());
        }

        @Override
        public void forwarded(ForwardOutcome outcome) {
            metrics.forwarded(outcome.label());
        }
    }
}
