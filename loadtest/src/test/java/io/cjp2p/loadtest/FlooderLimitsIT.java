package io.cjp2p.loadtest;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.http.HttpEndpoints;
import io.cjp2p.node.http.HttpServer;
import io.cjp2p.node.metrics.Observability;
import io.cjp2p.node.runtime.Node;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flooder's word on the node's abuse limits, through its command line, against a real node with
 * its metrics served as {@code NodeRunner} serves them: with the limits on (the default) a few
 * sources at full speed are mostly refused, and the flooder says so; with them off it does not.
 */
class FlooderLimitsIT {
    /** A node on loopback with its /metrics on an ephemeral port. */
    private record MeteredNode(Node node, Observability metrics, HttpServer http) implements AutoCloseable {
        static MeteredNode start(LimitsConfig limits) throws Exception {
            Observability metrics = Observability.create("test");
            Node node = Node.start(NodeConfig.loopback().limits(limits).build(), metrics.events());
            metrics.bind(node.peers(), node.candidates(), node.transport());
            HttpServer http = HttpServer.start(InetAddress.getLoopbackAddress(), 0,
                    new HttpEndpoints(metrics::scrape, () -> new byte[0], () -> true));
            return new MeteredNode(node, metrics, http);
        }

        String target() {
            return "127.0.0.1:" + node.localAddress().getPort();
        }

        String metricsUrl() {
            return "http://127.0.0.1:" + http.localAddress().getPort() + "/metrics";
        }

        @Override
        public void close() {
            http.close();
            node.close();
            metrics.close();
        }
    }

    /** Runs the flooder's command line for two seconds of echo; returns its stdout. */
    private static String flood(String target, String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = FlooderMain.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] args = {"--target", target, "--duration", "2", "--warmup", "1", "--quiet"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        int status = cl.execute(all);
        System.out.println(out);
        assertTrue(status == 0 || status == 1, "a run, not a bad flag: " + err);
        assertTrue(out.toString().contains("scenario echo -> " + target), out + "\n" + err);
        return out.toString();
    }

    @Test
    void aFloodOfANodeWithItsLimitsOnIsSaidToMeasureTheLimits() throws Exception {
        try (MeteredNode n = MeteredNode.start(LimitsConfig.DEFAULT)) {
            String read = flood(n.target(), "--metrics-url", n.metricsUrl());
            assertTrue(read.contains("note: most requests were refused by the node's rate limits (rate_limited_source: "),
                    read);
            assertTrue(read.contains("start the node with --limits off to measure capacity"), read);
            assertTrue(read.contains("  node        received "), read);

            String guessed = flood(n.target());
            assertTrue(guessed.contains("of the requests were lost: the node's abuse limits (on unless it was "
                    + "started with --limits off) may be refusing the flood"), guessed);
            assertFalse(guessed.contains("  node        received "), "no counters without --metrics-url");
        }
    }

    @Test
    void aFloodOfANodeWithItsLimitsOffBlamesNoLimit() throws Exception {
        try (MeteredNode n = MeteredNode.start(LimitsConfig.OFF)) {
            String read = flood(n.target(), "--metrics-url", n.metricsUrl());
            assertTrue(read.contains("  node        received "), read);
            assertFalse(read.contains("rate_limited"), "limits off refuse nothing: " + read);
            assertFalse(read.contains("--limits off"), read);
            assertEquals(-1, read.indexOf("note: most requests"), read);
        }
    }
}
