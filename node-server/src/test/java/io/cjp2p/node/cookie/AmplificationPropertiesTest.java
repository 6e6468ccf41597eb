package io.cjp2p.node.cookie;

import io.cjp2p.node.NodePipeline;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.handler.RoundTripClock;
import io.cjp2p.node.metrics.NodeEvents;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2x rule as a property of the whole pipeline: whatever an unverified source sends, every reply
 * datagram it causes is at most {@link AmplificationGuard#budget} bytes for its request.
 */
class AmplificationPropertiesTest {
    private static final InetSocketAddress NODE = new InetSocketAddress("127.0.0.1", 24254);

    @Property(tries = 500)
    void everyReplyToAnUnverifiedSourceStaysWithinTwiceTheRequest(@ForAll("requests") String request,
                                                                  @ForAll("limitsOnOrOff") boolean limits) {
        PeerTable peers = new PeerTable(1000);
        long now = System.nanoTime();
        for (int i = 1; i <= 60; i++) {
            // Public-looking peers with long addresses, so a Peers answer would be large if allowed.
            peers.verified(new InetSocketAddress("2600:" + Integer.toHexString(i) + "::1234:5678", 40000 + i), now);
        }
        peers.rebuildHandout(now, 600_000_000_000L);
        CookieValidator cookies = new CookieValidator();
        NodePipeline pipeline = new NodePipeline(peers, new CandidateSet(100, 1), cookies, new RoundTripClock(now),
                limits ? LimitsConfig.DEFAULT : LimitsConfig.OFF, NodeEvents.NONE);
        EmbeddedChannel ch = new EmbeddedChannel();
        pipeline.install(ch.pipeline());
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        InetSocketAddress sender = new InetSocketAddress("203.0.113.9", 5555);
        ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(bytes), NODE, sender));
        DatagramPacket reply;
        while ((reply = ch.readOutbound()) != null) {
            int size = reply.content().readableBytes();
            reply.release();
            assertTrue(size <= AmplificationGuard.budget(bytes.length),
                    "reply of " + size + " bytes to a request of " + bytes.length + ": " + request);
        }
        ch.finishAndReleaseAll();
    }

    @Provide
    Arbitrary<Boolean> limitsOnOrOff() {
        return Arbitraries.of(true, false);
    }

    /** Requests an attacker would pick: small ones asking for the most, with our cookie forged or missing. */
    @Provide
    Arbitrary<String> requests() {
        Arbitrary<String> element = Arbitraries.of(
                "{\"PleaseSendPeers\":{}}", "{\"PleaseSendPeers\":[]}",
                "{\"PleaseReturnThisMessage\":1}", "{\"PleaseReturnThisMessage\":{\"x\":\"" + "y".repeat(200) + "\"}}",
                "{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"abcd\"}}",
                "{\"PleaseAlwaysReturnThisMessage\":[\"" + "c".repeat(500) + "\"]}",
                "{\"AlwaysReturned\":{\"cookie\":\"0123456789abcdef\"}}",
                "{\"Peers\":{\"peers\":[\"1.2.3.4:5\"]}}", "{\"Unknown\":{}}", "1", "{}");
        return element.list().ofMaxSize(12).map(l -> "[" + String.join(",", l) + "]");
    }
}
