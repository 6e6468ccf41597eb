package io.cjp2p.node.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.support.RunningNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real node on loopback under a few real datagrams, read back through its real HTTP listener. */
class HttpEndpointsTest {
    private static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        node = new RunningNode(NodeConfig.loopback().build());
        sendThreeDatagrams(node);
    }

    /**
     * Junk, a bare object, and an array with a non-object, an unknown message and a PleaseSendPeers;
     * returns once the node has answered the last, so all three have been processed (one socket, one
     * event loop, in order).
     */
    static void sendThreeDatagrams(RunningNode node) throws Exception {
        try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.setSoTimeout(5000);
            send(client, node, "not json at all");
            send(client, node, "{\"PleaseSendPeers\":{}}");
            send(client, node, "[1,{\"NoSuchMessage\":{}},{\"PleaseSendPeers\":{}}]");
            byte[] buf = new byte[2048];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            client.receive(reply);
            assertTrue(new String(buf, 0, reply.getLength(), StandardCharsets.UTF_8).contains("\"Peers\""));
        }
    }

    private static void send(DatagramSocket s, RunningNode node, String text) throws java.io.IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, node.udp()));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void metricsCountWhatHappenedOnTheWire() throws Exception {
        HttpResponse<String> r = RunningNode.get(node.httpBase() + "/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        Map<String, Double> m = RunningNode.parse(r.body());
        assertEquals(3.0, m.get("cjp2p_datagrams_received_total"));
        assertEquals(1.0, m.get("cjp2p_datagrams_dropped_total{reason=\"not_json\"}"));
        assertEquals(1.0, m.get("cjp2p_datagrams_dropped_total{reason=\"not_array\"}"));
        assertEquals(1.0, m.get("cjp2p_elements_skipped_total{reason=\"not_an_object\"}"));
        assertEquals(1.0, m.get("cjp2p_messages_received_total{type=\"PleaseSendPeers\"}"));
        assertEquals(1.0, m.get("cjp2p_messages_received_total{type=\"other\"}"));
        assertEquals(1.0, m.get("cjp2p_datagrams_validated_total{cookie=\"unverified\"}"));
        assertEquals(1.0, m.get("cjp2p_datagrams_sent_total"));
        assertEquals(1.0, m.get("cjp2p_messages_sent_total{type=\"Peers\"}"));
        assertEquals(1.0, m.get("cjp2p_messages_sent_total{type=\"PleaseAlwaysReturnThisMessage\"}"));
        assertTrue(m.get("cjp2p_sent_bytes_total") > 20);
        assertEquals(1.0, m.get("cjp2p_datagram_processing_seconds_count"));
        assertEquals(0.0, m.get("cjp2p_peers"));
        assertTrue(m.containsKey("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}")
                || m.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), "JVM memory");
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("netty_allocator_memory_used{")), "Netty allocator");
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("process_uptime_seconds")), "process");
        assertTrue(m.containsKey("cjp2p_kernel_udp_errors_total{error=\"rcvbuf\",family=\"ipv4\"}"), "kernel UDP");
        assertTrue(m.keySet().stream().noneMatch(k -> k.contains("127.0.0.1")), "no address labels");
    }

    /**
     * Micrometer holds the state of gauges and function meters weakly: a binder whose state nobody
     * else keeps reads NaN (gauges) or freezes (function counters) after the next full collection.
     */
    @Test
    void noSampleIsNaNAfterFullCollections() throws Exception {
        System.gc();
        System.gc();
        String body = RunningNode.get(node.httpBase() + "/metrics").body();
        List<String> nan = body.lines().filter(l -> !l.startsWith("#") && l.endsWith(" NaN")).toList();
        assertEquals(List.of(), nan);
    }

    @Test
    void statusJsonUsesTheRustFieldNames() throws Exception {
        HttpResponse<String> r = RunningNode.get(node.httpBase() + "/status.json");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
        assertEquals("*", r.headers().firstValue("access-control-allow-origin").orElse(""));
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(r.body())) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                fields.put(name, value == JsonToken.START_ARRAY ? "array" : p.getText());
                p.skipChildren();
            }
        }
        assertEquals("test", fields.get("version"));
        assertEquals("0x" + node.node.keys().publicHex(), fields.get("public_key"));
        assertEquals("0", fields.get("total_peers"));
        assertEquals("0", fields.get("unique_ips"));
        assertEquals("0", fields.get("active_peer_count"));
        assertEquals("0", fields.get("fast_peer_count"));
        assertEquals("array", fields.get("active_peers"));
    }

    @Test
    void healthzAndErrors() throws Exception {
        HttpResponse<String> ok = RunningNode.get(node.httpBase() + "/healthz");
        assertEquals(200, ok.statusCode());
        assertEquals("ok\n", ok.body());
        assertEquals(404, RunningNode.get(node.httpBase() + "/nope").statusCode());
        assertEquals(405, node.get("/metrics", "POST").statusCode());
        assertEquals(200, node.get("/metrics?x=1", "GET").statusCode());
    }
}
