package io.cjp2p.node;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.handler.RoundTripClock;
import io.cjp2p.node.limit.InboundLimiter;
import io.cjp2p.node.limit.ReplyLimiter;
import io.cjp2p.node.metrics.NodeEvents;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.transport.SourceFilter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** The pipeline's shape: limits in front of the parse when on, absent when off, per-channel state. */
class NodePipelineTest {
    private NodePipeline pipeline(LimitsConfig limits) {
        PeerTable peers = new PeerTable(10);
        return new NodePipeline(peers, new CandidateSet(10, 1), new CookieValidator(), new RoundTripClock(0), limits,
                NodeEvents.NONE);
    }

    @Test
    void limitsOnPutTheLimitersAroundTheCodec() {
        EmbeddedChannel ch = new EmbeddedChannel();
        pipeline(LimitsConfig.DEFAULT).install(ch.pipeline());
        assertEquals(List.of("encoder", "reply-limit", "sources", "inbound-limit", "decoder", "token", "dispatch"),
                ch.pipeline().names().subList(0, 7));
        assertInstanceOf(InboundLimiter.class, ch.pipeline().get("inbound-limit"));
        assertInstanceOf(ReplyLimiter.class, ch.pipeline().get("reply-limit"));
    }

    @Test
    void limitsOffLeaveOnlyTheSourceFilter() {
        EmbeddedChannel ch = new EmbeddedChannel();
        pipeline(LimitsConfig.OFF).install(ch.pipeline());
        assertEquals(List.of("encoder", "sources", "decoder", "token", "dispatch"), ch.pipeline().names().subList(0, 5));
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
    }
}
