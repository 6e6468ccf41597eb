package io.cjp2p.node.support;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.http.HttpServer;
import io.cjp2p.node.metrics.Observability;
import io.cjp2p.node.runtime.HttpWiring;
import io.cjp2p.node.runtime.Node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real node on loopback with its metrics and HTTP listener (browser bridge included), wired as
 * NodeRunner wires them.
 */
public final class RunningNode implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public final Observability observability;
    public final Node node;
    public final HttpServer http;

    public RunningNode(NodeConfig config) throws Exception {
        this(config, 0);
    }

    /** @param httpPort the HTTP listener's port on 127.0.0.1; 0 for any free one */
    public RunningNode(NodeConfig config, int httpPort) throws Exception {
        observability = Observability.create("test");
        node = Node.start(config, observability.events());
        observability.bind(node.peers(), node.candidates(), node.transport());
        observability.bind(node.content());
        observability.bind(node.downloads());
        http = HttpWiring.start(node, observability, InetAddress.getLoopbackAddress(), httpPort, List.of(), "test");
    }

    public InetSocketAddress udp() {
        return node.localAddress();
    }

    public String httpBase() {
        return "http://127.0.0.1:" + http.localAddress().getPort();
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String method) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(httpBase() + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The scrape as a map from series ({@code name{labels}}) to value. */
    public Map<String, Double> scrape() throws IOException, InterruptedException {
        return parse(get(httpBase() + "/metrics").body());
    }

    public static Map<String, Double> parse(String exposition) {
        Map<String, Double> m = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return m;
    }

    @Override
    public void close() {
        http.close();
        node.close();
        observability.close();
    }
}
