package io.cjp2p.node.limit;

import io.cjp2p.codec.DecoderLimits;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.OutboundDatagram;
import io.cjp2p.node.pipeline.Refusal;
import io.cjp2p.node.pipeline.ValidatedDatagram;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Budgets the bytes of replies, after the 2x rule has shaped them and before they are encoded.
 * Only replies are limited; the node's own probes are few and paced by maintenance.
 *
 * <ul>
 *   <li>Per recipient IP: verified requests draw on a large bucket, unverified ones on a small one,
 *       so even a reflector that stays within 2x per datagram cannot pour bytes at one victim.</li>
 *   <li>Global: one ceiling for the node. Replies to unverified requests may use only the first
 *       half of its burst, so a flood of forged sources cannot crowd out verified peers.</li>
 * </ul>
 *
 * Each reply is charged its payload plus 28 bytes of IP and UDP header. Over budget, it is dropped
 * and counted, never queued. One instance per channel; the tables are the node's.
 */
public final class ReplyLimiter extends ChannelOutboundHandlerAdapter {
    /** Share of the global burst open to replies to unverified requests. */
    static final double UNVERIFIED_GLOBAL_SHARE = 0.5;

    private final NodeEvents events;
    private final SharedBucket global;
    private final BucketTable recipients;
    private final Pace unverified;
    private final Pace verified;

    ReplyLimiter(LimitsConfig config, SharedBucket global, NodeEvents events, BucketTable recipients) {
        this.events = events;
        this.global = global;
        this.recipients = recipients;
        this.unverified = Pace.of(config.unverifiedReplyBytes());
        this.verified = Pace.of(config.verifiedReplyBytes());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof OutboundDatagram out && out.inReplyTo() != null) {
            Refusal refusal = check(out, System.nanoTime());
            if (refusal != null) {
                events.datagramRefused(refusal);
                promise.trySuccess();
                return;
            }
        }
        ctx.write(msg, promise);
    }

    Refusal check(OutboundDatagram out, long now) {
        ValidatedDatagram request = out.inReplyTo();
        long bytes = out.encodedLength() + DecoderLimits.IP_UDP_HEADER_BYTES;
        Pace pace = request.verified() ? verified : unverified;
        if (!recipients.tryAcquire(SourceKeys.ip(out.recipient().getAddress()), pace.cost(bytes),
                pace.toleranceNanos(), now)) {
            return Refusal.REPLY_BUDGET;
        }
        if (!global.tryAcquire(bytes, request.verified() ? 1.0 : UNVERIFIED_GLOBAL_SHARE, now)) {
            return Refusal.REPLY_CEILING;
        }
        return null;
    }

    BucketTable recipientTable() {
        return recipients;
    }
}
