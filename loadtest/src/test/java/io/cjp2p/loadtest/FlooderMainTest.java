package io.cjp2p.loadtest;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlooderMainTest {
    private static int run(StringWriter err, String... args) {
        return run(err, new StringWriter(), args);
    }

    private static int run(StringWriter err, StringWriter out, String... args) {
        CommandLine cl = FlooderMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void theConformanceKitIsACommandOfTheSameJarWithItsOwnHelp() {
        StringWriter flooderHelp = new StringWriter();
        assertEquals(0, run(new StringWriter(), flooderHelp, "--help"));
        assertTrue(flooderHelp.toString().contains("--scenario"), flooderHelp.toString());
        assertTrue(flooderHelp.toString().contains("conformance  Grades any CJP2P node"), flooderHelp.toString());
        StringWriter kitHelp = new StringWriter();
        assertEquals(0, run(new StringWriter(), kitHelp, "conformance", "--help"));
        assertTrue(kitHelp.toString().contains("--timeout-ms"), kitHelp.toString());
        assertTrue(kitHelp.toString().contains("--allow-non-loopback"), kitHelp.toString());
        assertFalse(kitHelp.toString().contains("--scenario"), "the flooder's flags are not the kit's");
    }

    @Test
    void theConformanceKitRefusesATargetOutsideLoopbackAndBadFlags() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "conformance", "--target", "192.0.2.1:24254"));
        assertTrue(err.toString().contains("outside loopback"), err.toString());
        assertEquals(2, run(new StringWriter(), "conformance", "--target", "localhost:24254"));
        assertEquals(2, run(new StringWriter(), "conformance", "--timeout-ms", "5"));
        assertEquals(2, run(new StringWriter(), "conformance", "--tries", "0"));
        assertEquals(2, run(new StringWriter(), "conformance", "--scenario", "echo"));
        assertEquals(2, run(new StringWriter(), "conformance", "--no-such-flag"));
    }

    @Test
    void aTargetOutsideLoopbackIsRefused() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--target", "192.0.2.1:24254", "--duration", "1"));
        assertTrue(err.toString().contains("outside loopback"), err.toString());
    }

    @Test
    void badFlagsExitWithTwo() {
        assertEquals(2, run(new StringWriter(), "--scenario", "nonsense"));
        assertEquals(2, run(new StringWriter(), "--sockets", "0"));
        assertEquals(2, run(new StringWriter(), "--target", "localhost"));
        assertEquals(2, run(new StringWriter(), "--rate", "-5"));
        assertEquals(2, run(new StringWriter(), "--no-such-flag"));
    }

    @Test
    void badEclipseFlagsExitWithTwo() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--scenario", "eclipse", "--status-url", "http://192.0.2.1:24255/status.json"));
        assertTrue(err.toString().contains("--status-url must be an http URL on loopback"), err.toString());
        assertEquals(2, run(new StringWriter(), "--scenario", "eclipse", "--target", "[::1]:24254"));
        assertEquals(2, run(new StringWriter(), "--scenario", "eclipse", "--eclipse-groups", "0"));
        assertEquals(2, run(new StringWriter(), "--scenario", "eclipse", "--eclipse-honest", "61"));
        assertEquals(2, run(new StringWriter(), "--scenario", "eclipse", "--eclipse-ips", "0", "--eclipse-heavy-ports", "0"));
        assertEquals(2, run(new StringWriter(), "--scenario", "eclipse", "--eclipse-heavy-ports", "20000"));
        assertEquals(2, run(new StringWriter(), "--scenario", "eclipse", "--status-url", "http://[bad"));
    }

    @Test
    void theMetricsUrlIsOnLoopbackAndMustAnswer() throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--metrics-url", "http://192.0.2.1:24255/metrics"));
        assertTrue(err.toString().contains("--metrics-url must be an http URL on loopback"), err.toString());
        assertEquals(2, run(new StringWriter(), "--metrics-url", "http://[bad"));
        assertEquals(2, run(new StringWriter(), "--scenario", "eclipse", "--metrics-url", "http://127.0.0.1:1/metrics"));
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        StringWriter unreachable = new StringWriter();
        assertEquals(1, run(unreachable, "--metrics-url", "http://127.0.0.1:" + closed + "/metrics"),
                "refused before any flood is sent");
        assertTrue(unreachable.toString().startsWith("error: --metrics-url http://127.0.0.1:" + closed
                + "/metrics: nothing listens there"), unreachable.toString());
    }

    @Test
    void helpExitsWithZero() {
        assertEquals(0, run(new StringWriter(), "--help"));
    }

    @Test
    void repliesAreDecodedStrictly() {
        ReplyDecoder node = new ReplyDecoder(false);
        assertTrue(decode(node, "[{\"ReturnedMessage\":{\"n\":42}},{\"Peers\":{\"peers\":[\"1.2.3.4:5\",\"[::1]:6\"]}},"
                + "{\"AlwaysReturned\":{\"cookie\":\"x\"}}]"));
        assertEquals(42, node.sequence);
        assertEquals(2, node.peers);
        assertTrue(node.alwaysReturned);
        assertTrue(decode(node, "[{\"ReturnedMessage\":{\"n\":\"42\"}}]"));
        assertEquals(ReplyDecoder.NO_MATCH, node.sequence, "not the exact shape");
        assertTrue(decode(node, "[{\"PleaseReturnThisMessage\":{\"n\":7}},{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"c\"}}]"));
        assertTrue(node.probe, "the node asking us is a probe, not a reply");
        assertEquals("{\"cookie\":\"c\"}", new String(node.cookie(), java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(decode(node, "[{\"Peers\":{\"peers\":[17]}}]"), "a Peers entry that is not a string");
        assertFalse(decode(node, "[{\"ReturnedMessage\":{\"n\":1}}] trailing"));
        assertFalse(decode(node, "[{\"ReturnedMessage\":{\"n\":1}"));
        ReplyDecoder floor = new ReplyDecoder(true);
        assertTrue(decode(floor, "[{\"PleaseReturnThisMessage\":{\"n\":9}},{\"PleaseSendPeers\":{}}]"));
        assertEquals(9, floor.sequence);
        assertEquals(0, floor.peers);
    }

    private static boolean decode(ReplyDecoder d, String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return d.decode(b, b.length);
    }
}
