package io.cjp2p.node.runtime;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.limit.InboundLimiter;
import io.cjp2p.node.limit.ReplyLimiter;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.SourceFilter;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline's shape: limits in front of the parse when on, absent when off, per-channel state. */
class NodePipelineTest {
    private NodePipeline pipeline(LimitsConfig limits) {
        PeerTable peers = new PeerTable(10);
        return new NodePipeline(peers, new CandidateSet(10, 1), new CookieValidator(), new RoundTripProbes(), limits,
                NodeEvents.NONE);
    }

    @Test
    void limitsOnPutTheLimitersAroundTheCodec() {
        EmbeddedChannel ch = new EmbeddedChannel();
        pipeline(LimitsConfig.DEFAULT).install(ch.pipeline());
        assertEquals(List.of("encoder", "reply-limit", "sources", "inbound-limit", "decoder", "reply", "cookie",
                "dispatch"), ch.pipeline().names().subList(0, 8));
        assertInstanceOf(InboundLimiter.class, ch.pipeline().get("inbound-limit"));
        assertInstanceOf(ReplyLimiter.class, ch.pipeline().get("reply-limit"));
    }

    @Test
    void limitsOffLeaveOnlyTheSourceFilter() {
        EmbeddedChannel ch = new EmbeddedChannel();
        pipeline(LimitsConfig.OFF).install(ch.pipeline());
        assertEquals(List.of("encoder", "sources", "decoder", "reply", "cookie", "dispatch"),
                ch.pipeline().names().subList(0, 6));
    }

    @Test
    void eachChannelGetsItsOwnLimiterTables() {
        NodePipeline p = pipeline(LimitsConfig.DEFAULT);
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        p.install(a.pipeline());
        p.install(b.pipeline());
        assertNotSame(a.pipeline().get("inbound-limit"), b.pipeline().get("inbound-limit"));
        assertNotSame(a.pipeline().get("sources"), b.pipeline().get("sources"));
        assertInstanceOf(SourceFilter.class, a.pipeline().get("sources"));
        // These refill one envelope per datagram, which must belong to one channel's event loop.
        for (String perChannel : List.of("decoder", "cookie", "dispatch")) {
            assertNotSame(a.pipeline().get(perChannel), b.pipeline().get(perChannel), perChannel);
        }
    }

    /**
     * The decoder, token validation and the dispatcher refill one envelope each for every datagram:
     * nothing of one datagram (its sender, its cookie, whether it was verified, its reply's length)
     * may reach the answer to the next.
     */
    @Test
    void consecutiveDatagramsOnOneChannelShareNothing() {
        EmbeddedChannel ch = new EmbeddedChannel();
        pipeline(LimitsConfig.OFF).install(ch.pipeline());
        InetSocketAddress a = new InetSocketAddress("203.0.113.7", 4000);
        InetSocketAddress b = new InetSocketAddress("198.51.100.9", 5000);

        String first = exchange(ch, a, "[{\"PleaseAlwaysReturnThisMessage\":{\"c\":\"fromA\"}},"
                + "{\"PleaseReturnThisMessage\":\"first\"}]", a);
        assertTrue(first.contains("\"first\"") && first.contains("fromA"), first);
        String second = exchange(ch, b, "[{\"PleaseReturnThisMessage\":\"second\"}]", b);
        assertTrue(second.contains("\"second\""), second);
        assertFalse(second.contains("first") || second.contains("fromA"), second);

        // A becomes verified with the cookie it was given, and gets the verified answer ...
        Matcher ours = Pattern.compile("\\{\"PleaseAlwaysReturnThisMessage\":(.*?)\\}\\]$").matcher(first);
        assertTrue(ours.find(), first);
        String verified = exchange(ch, a, "[{\"AlwaysReturned\":" + ours.group(1) + "},"
                + "{\"PleaseReturnThisMessage\":\"" + "v".repeat(300) + "\"}]", a);
        assertTrue(verified.contains("v".repeat(300)), verified);
        assertFalse(verified.contains("PleaseAlwaysReturnThisMessage"), "a verified reply carries no new cookie: " + verified);
        // ... and B, still unverified, right after it gets B's: our cookie again, and a short reply
        // whose length is its own, not the long one's before it.
        String third = exchange(ch, b, "[{\"PleaseReturnThisMessage\":\"third\"}]", b);
        assertTrue(third.startsWith("[{\"ReturnedMessage\":\"third\"}") && third.contains("PleaseAlwaysReturnThisMessage"),
                third);
        assertFalse(third.contains("v"), third);
        ch.finishAndReleaseAll();
    }

    private static String exchange(EmbeddedChannel ch, InetSocketAddress from, String request,
                                   InetSocketAddress expectedRecipient) {
        ch.writeInbound(new DatagramPacket(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8),
                new InetSocketAddress("127.0.0.1", 24254), from));
        ch.flushOutbound();
        DatagramPacket reply = ch.readOutbound();
        assertNotNull(reply, "no reply to " + request);
        assertNull(ch.readOutbound(), "one reply per request");
        try {
            assertEquals(expectedRecipient, reply.recipient());
            return reply.content().toString(StandardCharsets.UTF_8);
        } finally {
            reply.release();
        }
    }
}
