package io.cjp2p.node.discovery;

import io.cjp2p.codec.PeerAddress;
import io.cjp2p.codec.Peers;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.support.ExternalTools;
import io.cjp2p.node.support.RunningNode;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link RubyLikeDiscoveryIT} with a real Ruby process (test resource scripts/ruby_like_peer.rb, which
 * behaves on the wire as the Ruby reference does). Skipped where ruby is not installed, except under
 * CI, whose .ci/run installs it.
 */
class RealRubyDiscoveryIT {
    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, program))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void aRubyNodeIsVerifiedAndHandedOutWithin30Seconds() throws Exception {
        if ("true".equals(System.getenv("CI"))) {
            ExternalTools.require("ruby", "ruby");
        } else {
            assumeTrue(onPath("ruby"), "ruby is not installed");
        }
        String script = ExternalTools.repositoryRoot()
                .resolve("node-server/src/test/resources/scripts/ruby_like_peer.rb").toString();
        try (RunningNode node = new RunningNode(NodeConfig.loopback().tick(Duration.ofMillis(250)).build());
             UdpClient third = new UdpClient(node.udp()).handshake("third")) {
            Process ruby = new ProcessBuilder("ruby", script, "127.0.0.1", Integer.toString(node.udp().getPort()), "1")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(ruby.getInputStream(), StandardCharsets.UTF_8));
                String first = out.readLine();
                assertTrue(first != null && first.startsWith("port "), "ruby said: " + first);
                InetSocketAddress rubyAddress = new InetSocketAddress("127.0.0.1", Integer.parseInt(first.substring(5)));
                String listed = "\"addr\":\"" + PeerAddress.format(rubyAddress) + "\"";
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                boolean handedOut = false;
                String status = "";
                while (System.nanoTime() < deadline && !(handedOut && status.contains(listed))) {
                    Thread.sleep(250);
                    List<Peers> reply = UdpClient.only(third.ask(third.verified("{\"PleaseSendPeers\":{}}")), Peers.class);
                    handedOut = reply.stream().anyMatch(p -> p.peers().contains(rubyAddress));
                    status = RunningNode.get(node.httpBase() + "/status.json").body();
                }
                assertTrue(ruby.isAlive(), "the ruby process ended");
                assertNotNull(node.node.peers().get(rubyAddress), "not a verified peer");
                assertTrue(handedOut, "not in the Peers given to a third client");
                assertTrue(status.contains(listed), "not among the active peers of /status.json: " + status);
            } finally {
                ruby.destroyForcibly().waitFor();
            }
        }
    }
}
