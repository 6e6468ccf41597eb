package io.cjp2p.node.discovery;

import io.cjp2p.codec.PeerAddress;
import io.cjp2p.codec.Peers;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.support.RubyLikePeer;
import io.cjp2p.node.support.RunningNode;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that behaves like the Ruby reference (a lone PleaseSendPeers every interval, PleaseReturnThisMessage
 * answered bare, no cookie of its own, no key) bootstraps from ours: within 30 s it is a verified peer,
 * with a measured round trip, in the Peers our node gives a third client and in /status.json. Both as
 * cjp2p.rb is written (our cookie never returned with its PleaseSendPeers) and as PROTOCOL.md 4.7
 * describes it (returned once we sent it).
 */
class RubyLikeDiscoveryIT {
    @Test
    void aNodeThatNeverReturnsOurCookieIsVerifiedAndHandedOutWithin30Seconds() throws Exception {
        discovered(false);
    }

    @Test
    void aNodeThatReturnsOurCookieWithItsRequestsIsVerifiedAndHandedOutWithin30Seconds() throws Exception {
        discovered(true);
    }

    private static void discovered(boolean returnsCookies) throws Exception {
        try (RunningNode node = new RunningNode(NodeConfig.loopback().tick(Duration.ofMillis(250)).build());
             UdpClient third = new UdpClient(node.udp()).handshake("third");
             RubyLikePeer ruby = new RubyLikePeer(node.udp(), 1000, returnsCookies)) {
            InetSocketAddress rubyAddress = ruby.address();
            String listed = "\"addr\":\"" + PeerAddress.format(rubyAddress) + "\"";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean handedOut = false;
            String status = "";
            while (System.nanoTime() < deadline && !(handedOut && status.contains(listed)
                    && ruby.knownPeers().contains(third.localAddress()))) {
                Thread.sleep(250);
                List<Peers> reply = UdpClient.only(third.ask(third.verified("{\"PleaseSendPeers\":{}}")), Peers.class);
                handedOut = reply.stream().anyMatch(p -> p.peers().contains(rubyAddress));
                status = RunningNode.get(node.httpBase() + "/status.json").body();
            }
            assertTrue(ruby.holdsCookieOf(node.udp()), "the node's probes never gave the Ruby-like node its cookie");
            assertNotNull(node.node.peers().get(rubyAddress), "not a verified peer");
            assertTrue(handedOut, "not in the Peers given to a third client");
            assertTrue(status.contains(listed), "not among the active peers of /status.json: " + status);
            assertTrue(ruby.knownPeers().contains(third.localAddress()), "the node's full Peers reached the Ruby-like node");
            assertTrue(node.scrape().get("cjp2p_identity_events_total{event=\"first_contact\"}") >= 1);
        }
    }
}
