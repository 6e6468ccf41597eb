package io.cjp2p.node.http;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.support.ExternalTools;
import io.cjp2p.node.support.RunningNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Prometheus's own checker accepts a real node's scrape, after a few datagrams gave every counter a sample. */
class PromtoolScrapeIT {
    @Test
    void promtoolAcceptsTheScrape() throws Exception {
        try (RunningNode node = new RunningNode(NodeConfig.loopback().build())) {
            HttpEndpointsTest.sendThreeDatagrams(node);
            String body = RunningNode.get(node.httpBase() + "/metrics").body();
            Path promtool = ExternalTools.require("promtool", "prometheus");
            ExternalTools.Result r = ExternalTools.run(List.of(promtool.toString(), "check", "metrics"), null, body, 60);
            assertEquals(0, r.exitCode(), "promtool check metrics:\n" + r.output());
        }
    }
}
