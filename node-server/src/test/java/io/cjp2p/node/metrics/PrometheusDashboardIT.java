package io.cjp2p.node.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.support.ExternalTools;
import io.cjp2p.node.support.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard against a real Prometheus (Debian's package) scraping two real nodes under traffic
 * on loopback: every PromQL expression in the dashboard must return data through the HTTP API.
 */
class PrometheusDashboardIT {
    /** Grafana's variables, as Grafana would expand them for "All" nodes on a 1 s scrape interval. */
    private static String expand(String expr) {
        return expr.replace("$__rate_interval", "10s").replace("$instance", ".+");
    }

    @Test
    void everyDashboardExpressionReturnsData(@TempDir Path dir) throws Exception {
        Path prometheus = ExternalTools.require("prometheus", "prometheus");
        List<String> expressions = dashboardExpressions();
        assertTrue(expressions.size() >= 20, "expressions found: " + expressions.size());

        AtomicBoolean running = new AtomicBoolean(true);
        try (RunningNode first = new RunningNode(NodeConfig.loopback().tick(Duration.ofMillis(250)).build());
             RunningNode second = new RunningNode(NodeConfig.loopback().tick(Duration.ofMillis(250))
                     .bootstrap(List.of(first.udp())).build())) {
            Thread traffic = new Thread(() -> sendTraffic(first, running), "test-traffic");
            traffic.start();
            // The GC panel reads jvm_gc_pause_seconds, which exists once a collection has happened.
            System.gc();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: cjp2p
                        static_configs:
                          - targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
                    """.formatted(first.http.localAddress().getPort(), second.http.localAddress().getPort()));
            Process server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:0")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                int port = listeningPort(dir.resolve("prometheus.log"));
                String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";
                // Enough scrapes of both nodes for a 10 s rate, and RTT samples on the second node.
                awaitTrue(api, "count(count_over_time(cjp2p_build_info[10s]) >= 4) == 2", dir);
                awaitTrue(api, "sum(increase(cjp2p_peer_rtt_seconds_count[10s])) > 0", dir);
                List<String> empty = new ArrayList<>();
                for (String e : expressions) {
                    QueryResult r = query(api, expand(e));
                    assertEquals("success", r.status(), e + " -> " + r.body());
                    if (r.series() == 0) {
                        empty.add(e);
                    }
                }
                assertTrue(empty.isEmpty(), "expressions without data: " + empty);
                // And the data are not merely present: traffic arrived, and some of it was dropped.
                assertTrue(query(api, "sum(cjp2p_datagrams_dropped_total{reason=\"not_json\"}) > 0").series() == 1);
                assertTrue(query(api, "sum(cjp2p_messages_received_total{type=\"PleaseSendPeers\"}) > 0").series() == 1);
            } finally {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor();
                }
                running.set(false);
                traffic.join();
            }
        }
    }

    /** A client that asks for peers, says something unknown, and sends garbage, 20 times a second. */
    private static void sendTraffic(RunningNode node, AtomicBoolean running) {
        byte[][] datagrams = {
            "[{\"PleaseSendPeers\":{}},{\"Unknown\":{}}]".getBytes(StandardCharsets.UTF_8),
            "[{\"PleaseReturnThisMessage\":{\"cookie\":\"x\"}},7]".getBytes(StandardCharsets.UTF_8),
            "not json".getBytes(StandardCharsets.UTF_8),
        };
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            while (running.get()) {
                for (byte[] d : datagrams) {
                    s.send(new DatagramPacket(d, d.length, node.udp()));
                }
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(String api, String expr, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (query(api, expr).series() > 0) {
                    return;
                }
            } catch (IOException e) {
                // Prometheus is still starting.
            }
            Thread.sleep(250);
        }
        fail("Prometheus never saw " + expr + "; its log:\n" + Files.readString(dir.resolve("prometheus.log")));
    }

    record QueryResult(String status, int series, String body) {
    }

    /** Runs an instant query; counts the series (or the scalar) in the result. */
    static QueryResult query(String api, String expr) throws IOException, InterruptedException {
        String body = RunningNode.get(api + URLEncoder.encode(expr, StandardCharsets.UTF_8)).body();
        String status = null;
        int series = 0;
        try (JsonParser p = new JsonFactory().createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("status")) {
                    status = p.getText();
                } else if (field.equals("data")) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken t = p.nextToken();
                        if (inner.equals("result") && t == JsonToken.START_ARRAY) {
                            JsonToken first = p.nextToken();
                            if (first == JsonToken.START_OBJECT) {
                                // A vector: count its objects.
                                do {
                                    series++;
                                    p.skipChildren();
                                } while (p.nextToken() == JsonToken.START_OBJECT);
                            } else if (first != JsonToken.END_ARRAY) {
                                // A scalar: [time, "value"].
                                series = 1;
                                while (p.nextToken() != JsonToken.END_ARRAY) {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return new QueryResult(status, series, body);
    }

    /** Every "expr" in the provisioned dashboard. */
    static List<String> dashboardExpressions() throws IOException {
        Path dashboard = ExternalTools.repositoryRoot().resolve("deploy/grafana/dashboards/cjp2p-node.json");
        List<String> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(dashboard.toFile())) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("expr")) {
                    p.nextToken();
                    out.add(p.getText());
                }
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }

    /**
     * The port Prometheus bound for {@code 127.0.0.1:0}, from its log: a port picked free beforehand
     * could be taken by someone else before Prometheus binds it.
     */
    private static int listeningPort(Path log) throws Exception {
        Pattern listening = Pattern.compile("msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = listening.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(100);
        }
        return fail("Prometheus never said where it listens; its log:\n" + Files.readString(log));
    }
}
