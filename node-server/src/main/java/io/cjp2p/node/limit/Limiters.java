package io.cjp2p.node.limit;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.NodeEvents;

import java.security.SecureRandom;

/**
 * The limits of one node: the state shared by every event loop (the global reply ceiling) and a
 * factory for the per-event-loop handlers, each with its own bucket tables.
 */
public final class Limiters {
    private final LimitsConfig config;
    private final PeerTable peers;
    private final NodeEvents events;
    private final SharedBucket globalReplies;
    private final SecureRandom seeds = new SecureRandom();

    public Limiters(LimitsConfig config, PeerTable peers, NodeEvents events) {
        this.config = config;
        this.peers = peers;
        this.events = events;
        this.globalReplies = new SharedBucket(Pace.of(config.globalReplyBytes()), System.nanoTime());
    }

    public LimitsConfig config() {
        return config;
    }

    /** A new inbound limiter for one channel (it owns two tables: sources and prefixes). */
    public InboundLimiter newInboundLimiter() {
        return new InboundLimiter(config, peers, events, seeds.nextLong(), seeds.nextLong());
    }

    /** A new reply limiter for one channel (it owns one table of reply-byte buckets). */
    public ReplyLimiter newReplyLimiter() {
        return new ReplyLimiter(config, globalReplies, events, seeds.nextLong());
    }
}
