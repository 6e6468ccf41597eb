package io.cjp2p.node.limit;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.NodeEvents;

import java.security.SecureRandom;

/**
 * The limits of one node: the bucket tables and the global reply ceiling, shared by every event
 * loop so that a source's budget does not grow with {@code --threads}, and a factory for the
 * per-channel handlers that charge them.
 */
public final class Limiters {
    /** The bucket tables of a node, each of {@code --limit-table-size} buckets: sources, prefixes, recipients. */
    public static final int TABLES = 3;
    private final LimitsConfig config;
    private final PeerTable peers;
    private final NodeEvents events;
    private final SharedBucket globalReplies;
    private final BucketTable sources;
    private final BucketTable prefixes;
    private final BucketTable recipients;

    public Limiters(LimitsConfig config, PeerTable peers, NodeEvents events) {
        this.config = config;
        this.peers = peers;
        this.events = events;
        this.globalReplies = new SharedBucket(Pace.of(config.globalReplyBytes()), System.nanoTime());
        SecureRandom seeds = new SecureRandom();
        this.sources = new BucketTable(config.tableSize(), seeds.nextLong());
        this.prefixes = new BucketTable(config.tableSize(), seeds.nextLong());
        this.recipients = new BucketTable(config.tableSize(), seeds.nextLong());
    }

    public LimitsConfig config() {
        return config;
    }

    /** A new inbound limiter for one channel, charging the shared source and prefix tables. */
    public InboundLimiter newInboundLimiter() {
        return new InboundLimiter(config, peers, events, sources, prefixes);
    }

    /** A new reply limiter for one channel, charging the shared reply-byte tables. */
    public ReplyLimiter newReplyLimiter() {
        return new ReplyLimiter(config, globalReplies, events, recipients);
    }
}
