package io.cjp2p.loadtest;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI smoke test: the real flooder against a real node on loopback, a few seconds per scenario.
 * It checks that replies come back and are right, not how fast (speed is for loadtest/bench.sh).
 */
class FlooderSmokeIT {
    private static Node node;

    @BeforeAll
    static void start() throws Exception {
        // Limits off, as an operator load-testing a node runs it: a few sources at full speed are
        // exactly what the abuse limits exist to cut (docs/robustness.md measures them instead).
        node = Node.start(NodeConfig.loopback().limits(LimitsConfig.OFF).build());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static Report flood(Scenario scenario, int seedPeers) throws Exception {
        FloodSettings s = new FloodSettings(node.localAddress(), scenario, 2, 1, 2, 8, 0, 1000, false, seedPeers,
                true, 0);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Report r = new Flooder(s, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        String lines = progress.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("replies/s"), "a progress line every second: " + lines);
        System.out.println(r.text());
        return r;
    }

    @Test
    void echoRepliesComeBackAndMatch() throws Exception {
        Report r = flood(Scenario.ECHO, 0);
        assertTrue(r.replies() > 0, r.text());
        assertEquals(0, r.badReplies(), "every reply decoded and matched a request: " + r.text());
        assertTrue(r.p50Us() > 0 && r.p99Us() >= r.p50Us(), r.text());
        assertTrue(r.json().startsWith("{\"scenario\":\"echo\""), r.json());
    }

    @Test
    void verifiedPeersRequestsGetFullPeerLists() throws Exception {
        Report r = flood(Scenario.PEERS, 10);
        assertTrue(r.replies() > 0, r.text());
        assertEquals(0, r.badReplies(), "every reply had Peers, our cookie and the matching echo: " + r.text());
        // Ten seeded sources plus the other flooder socket are verified peers; none is handed its own address.
        assertTrue(r.peersPerReply() >= 10, "peers per reply " + r.peersPerReply());
    }

    @Test
    void manySourcesAreAnsweredEachOnItsOwnAddress() throws Exception {
        Report r = flood(Scenario.MANY_SOURCES, 0);
        assertTrue(r.replies() > 0, r.text());
        assertEquals(0, r.badReplies(), r.text());
    }

    @Test
    void junkIsDroppedAndTheNodeKeepsAnswering() throws Exception {
        Report r = flood(Scenario.JUNK, 0);
        assertTrue(r.datagramsSent() > r.requestsSent() * (Requests.JUNK_PROBE_EVERY - 2), r.text());
        assertTrue(r.replies() > 0, "the probes between the junk are answered: " + r.text());
        assertEquals(0, r.badReplies(), "no junk datagram got a reply: " + r.text());
    }
}
