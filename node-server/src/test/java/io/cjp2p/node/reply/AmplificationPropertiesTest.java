package io.cjp2p.node.reply;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.runtime.NodePipeline;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2x rule as a property of the whole pipeline: whatever an unverified source sends, every reply
 * datagram it causes is at most {@link AmplificationGuard#budget} bytes for its request. Each try
 * is a seeded {@link Random}, so a failure names the seed that reproduces it.
 */
class AmplificationPropertiesTest {
    private static final InetSocketAddress NODE = new InetSocketAddress("127.0.0.1", 24254);

    static LongStream seeds() {
        return LongStream.range(0, 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyReplyToAnUnverifiedSourceStaysWithinTwiceTheRequest(long seed) {
        Random r = new Random(seed);
        String request = request(r);
        boolean limits = r.nextBoolean();
        PeerTable peers = new PeerTable(1000);
        long now = System.nanoTime();
        for (int i = 1; i <= 60; i++) {
            // Public-looking peers with long addresses, so a Peers answer would be large if allowed.
            peers.verified(new InetSocketAddress("2600:" + Integer.toHexString(i) + "::1234:5678", 40000 + i), now);
        }
        peers.rebuildHandout(now, 600_000_000_000L);
        CookieValidator cookies = new CookieValidator();
        NodePipeline pipeline = new NodePipeline(peers, new CandidateSet(100, 1), cookies, new RoundTripProbes(),
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

    private static final String[] ELEMENTS = {
        "{\"PleaseSendPeers\":{}}", "{\"PleaseSendPeers\":[]}",
        "{\"PleaseReturnThisMessage\":1}", "{\"PleaseReturnThisMessage\":{\"x\":\"" + "y".repeat(200) + "\"}}",
        "{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"abcd\"}}",
        "{\"PleaseAlwaysReturnThisMessage\":[\"" + "c".repeat(500) + "\"]}",
        "{\"AlwaysReturned\":{\"cookie\":\"0123456789abcdef\"}}",
        "{\"Peers\":{\"peers\":[\"1.2.3.4:5\"]}}", "{\"Unknown\":{}}", "1", "{}"};

    /** Requests an attacker would pick: small ones asking for the most, with our cookie forged or missing. */
    private static String request(Random r) {
        List<String> elements = new ArrayList<>();
        for (int i = r.nextInt(13); i > 0; i--) {
            elements.add(ELEMENTS[r.nextInt(ELEMENTS.length)]);
        }
        return "[" + String.join(",", elements) + "]";
    }
}
