package io.cjp2p.node.metrics;

import io.cjp2p.codec.PeerAddress;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.support.RunningNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real nodes on loopback: the second bootstraps from the first, and its RTT histogram, measured
 * through its own PleaseReturnThisMessage, must have samples within 30 s.
 */
class TwoNodeRoundTripIT {
    @Test
    void secondNodeMeasuresRoundTripsToTheFirst() throws Exception {
        try (RunningNode first = new RunningNode(NodeConfig.loopback().build());
             RunningNode second = new RunningNode(NodeConfig.loopback().tick(Duration.ofMillis(200))
                     .bootstrap(List.of(first.udp())).build())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Map<String, Double> m = second.scrape();
            while (m.get("cjp2p_peer_rtt_seconds_count") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                m = second.scrape();
            }
            assertTrue(m.get("cjp2p_peer_rtt_seconds_count") > 0, "no RTT sample within 30 s");
            // One scrape is not atomic: scrape again, so that what led to the sample is counted too.
            m = second.scrape();
            double count = m.get("cjp2p_peer_rtt_seconds_count");
            assertTrue(m.get("cjp2p_peer_rtt_seconds_sum") > 0);
            assertTrue(m.get("cjp2p_peer_rtt_seconds_bucket{le=\"10.0\"}") == count, "loopback RTT under 10 s");
            assertTrue(m.get("cjp2p_peers") >= 1);
            assertTrue(m.get("cjp2p_datagrams_validated_total{cookie=\"verified\"}") >= 1);
            // The first node's RTT shows in the second's status page once it is in the handout list.
            String addr = PeerAddress.format(first.udp());
            String status = RunningNode.get(second.httpBase() + "/status.json").body();
            while (!status.contains("\"addr\":\"" + addr + "\"") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = RunningNode.get(second.httpBase() + "/status.json").body();
            }
            assertTrue(status.contains("\"addr\":\"" + addr + "\",\"delay_ms\":"), status);
        }
    }
}
