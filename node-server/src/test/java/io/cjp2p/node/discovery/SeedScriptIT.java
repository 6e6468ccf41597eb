package io.cjp2p.node.discovery;

import io.cjp2p.codec.PeerAddress;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.support.ExternalTools;
import io.cjp2p.node.support.RunningNode;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 20-line Python client (test resource scripts/seed_peers.py) still gets the node's cookie, returns
 * it, and is given the verified peers.
 */
class SeedScriptIT {
    @Test
    void thePythonSeedScriptGetsTheVerifiedPeers() throws Exception {
        String python = ExternalTools.require("python3", "python3").toString();
        String script = ExternalTools.repositoryRoot()
                .resolve("node-server/src/test/resources/scripts/seed_peers.py").toString();
        try (RunningNode node = new RunningNode(NodeConfig.loopback().tick(Duration.ofMillis(100)).build());
             UdpClient peer = new UdpClient(node.udp()).handshake("peer")) {
            peer.ask(peer.verified("{\"PleaseSendPeers\":{}}"));
            String expected = "peer " + PeerAddress.format(peer.localAddress());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            // The peer is handed out from the next maintenance tick on.
            while (Arrays.stream(node.node.peers().handout()).noneMatch(e -> e.address().equals(peer.localAddress()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            ExternalTools.Result r = ExternalTools.run(List.of(python, script, "127.0.0.1",
                    Integer.toString(node.udp().getPort())), null, null, 30);
            assertEquals(0, r.exitCode(), r.output());
            assertTrue(r.output().contains("cookie {\"cookie\""), r.output());
            assertTrue(r.output().contains(expected), r.output());
        }
    }
}
