package io.cjp2p.loadtest;

import io.cjp2p.node.pipeline.Refusal;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitsHintTest {
    /** A node's /metrics page, cut down, with the two counters among others. */
    private static String page(long received, long rateLimitedSource, long prefix, long notJson) {
        return """
                # HELP cjp2p_datagrams_received_total UDP datagrams received
                # TYPE cjp2p_datagrams_received_total counter
                cjp2p_datagrams_received_total %d.0
                # HELP cjp2p_datagrams_dropped_total Datagrams dropped whole, by reason
                # TYPE cjp2p_datagrams_dropped_total counter
                cjp2p_datagrams_dropped_total{reason="bad_source"} 0.0
                cjp2p_datagrams_dropped_total{reason="not_json"} %d.0
                cjp2p_datagrams_dropped_total{reason="rate_limited_prefix"} %d.0
                cjp2p_datagrams_dropped_total{reason="rate_limited_source"} %d.0
                cjp2p_datagrams_dropped_total{reason="reply_budget"} 0.0
                cjp2p_datagrams_sent_total 12.0
                cjp2p_elements_skipped_total{reason="not_object"} 3.0
                """.formatted(received, notJson, prefix, rateLimitedSource);
    }

    private static Report report(long requests, long lost) {
        return new Report("echo", "127.0.0.1:24254", 4, 32, 0, 10, requests, requests, requests - lost, 0, 0, lost,
                0, 0, 1, 2, 3, 4, 5, 0.5, -1, List.of());
    }

    private static NodeCounters during(String before, String after) throws IOException {
        return NodeCounters.parse(after).since(NodeCounters.parse(before));
    }

    @Test
    void aFloodTheLimitsRefusedIsSaidToBeOneWithTheFlagThatTurnsThemOff() throws Exception {
        NodeCounters d = during(page(1_000, 200, 0, 0), page(101_210, 98_323, 1_500, 4));
        assertEquals(100_210, d.received());
        assertEquals(Map.of("rate_limited_source", 98_123L, "rate_limited_prefix", 1_500L), d.limitDrops());
        assertEquals(99_623, d.limitRefusals());
        assertEquals("  node        received 100,210 datagrams, dropped rate_limited_source: 98,123, "
                + "rate_limited_prefix: 1,500, not_json: 4", d.text());
        String hint = LimitsHint.of(report(9_000, 8_500), d, false).orElseThrow();
        assertTrue(hint.startsWith("most requests were refused by the node's rate limits "
                + "(rate_limited_source: 98,123, rate_limited_prefix: 1,500, of 100,210 datagrams received)"), hint);
        assertTrue(hint.endsWith("start the node with --limits off to measure capacity"), hint);
    }

    @Test
    void aLossTheLimitsDoNotExplainIsNotBlamedOnThem() throws Exception {
        NodeCounters d = during(page(0, 0, 0, 0), page(50_000, 30, 0, 0));
        String hint = LimitsHint.of(report(50_000, 40_000), d, false).orElseThrow();
        assertTrue(hint.contains("refused only 30 of the 50,000"), hint);
        assertFalse(hint.contains("--limits off"), hint);
    }

    @Test
    void aHealthyRunGetsNoHint() throws Exception {
        NodeCounters quiet = during(page(0, 0, 0, 0), page(50_000, 0, 0, 0));
        assertEquals("  node        received 50,000 datagrams, dropped none", quiet.text());
        assertEquals(Optional.empty(), LimitsHint.of(report(50_000, 10), quiet, false));
        assertEquals(Optional.empty(), LimitsHint.of(report(50_000, 10), null, false));
        assertEquals(Optional.empty(), LimitsHint.of(report(0, 0), null, false), "nothing sent, nothing to say");
    }

    @Test
    void withoutTheMetricsAMostlyLostFloodPointsAtTheLimitsAndHowToCheck() {
        String hint = LimitsHint.of(report(456, 396), null, false).orElseThrow();
        assertTrue(hint.startsWith("87% of the requests were lost: the node's abuse limits"), hint);
        assertTrue(hint.contains("--limits off") && hint.contains("--metrics-url http://127.0.0.1:24255/metrics"), hint);
        assertEquals(Optional.empty(), LimitsHint.of(report(456, 396), null, true), "a plain echo has no limits");
    }

    @Test
    void aRestartedNodeCountsFromZero() throws Exception {
        NodeCounters d = during(page(90_000, 80_000, 0, 0), page(1_000, 700, 0, 0));
        assertEquals(1_000, d.received());
        assertEquals(700, d.limitRefusals());
    }

    @Test
    void aPageWithoutTheCountersIsNotTheNodesMetrics() {
        assertThrows(IOException.class, () -> NodeCounters.parse("<html>hello</html>"));
        assertThrows(IOException.class, () -> NodeCounters.parse("cjp2p_datagrams_received_total 5.0\n"));
        assertThrows(IOException.class,
                () -> NodeCounters.parse(page(1, 1, 1, 1).replace("} 0.0", "} zero")));
    }

    @Test
    void theLimitReasonsAreTheNodesRefusalsThatALimitDecides() {
        Set<String> refusals = Arrays.stream(Refusal.values()).map(Refusal::label).collect(Collectors.toSet());
        assertTrue(refusals.containsAll(NodeCounters.LIMIT_REASONS), refusals.toString());
        refusals.removeAll(NodeCounters.LIMIT_REASONS);
        assertEquals(Set.of("bad_source", "own_address"), refusals,
                "a new refusal: is it a limit that --limits off turns off?");
    }
}
