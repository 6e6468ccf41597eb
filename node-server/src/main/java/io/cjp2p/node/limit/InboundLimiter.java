package io.cjp2p.node.limit;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.Refusal;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Rate limits inbound datagrams before they are parsed, so a flood of junk costs a table lookup and
 * not a JSON parse. Over budget, a datagram is released and counted, never queued.
 *
 * <ul>
 *   <li>Per source IP: a source in the peer table (it returned our cookie from that ip:port) gets
 *       the verified rate, any other the much lower unverified rate.</li>
 *   <li>A verified peer our download is asking for blocks passes: its answers come at the rate of
 *       our own congestion window, one datagram per request we sent ({@link PeerEntry#expectReply}).</li>
 *   <li>Per IPv4 /24 or IPv6 /64, for unverified datagrams only: forged sources spread over a
 *       prefix share one budget, while verified peers in the same prefix are not starved by them.</li>
 * </ul>
 *
 * A datagram costs one token per started {@value #TOKEN_BYTES} bytes, at most {@value #MAX_TOKENS}:
 * a flood of maximal 64 KiB datagrams, each a long parse, is cut 16 times sooner than one of
 * ordinary datagrams, every honest datagram (a few hundred bytes) costs one, and a fresh unverified
 * source can still send two maximal datagrams at once (the burst is 40).
 *
 * <p>One instance per channel; the tables are the node's, shared by every channel.
 */
public final class InboundLimiter extends ChannelInboundHandlerAdapter {
    /** A datagram costs one token per started this many bytes (an Ethernet MTU's worth). */
    public static final int TOKEN_BYTES = 1500;
    /** The most one datagram costs, so that any datagram fits in the default unverified burst. */
    public static final int MAX_TOKENS = 16;

    private final PeerTable peers;
    private final NodeEvents events;
    private final BucketTable sources;
    private final BucketTable prefixes;
    private final Pace unverified;
    private final Pace verified;
    private final Pace prefix;

    InboundLimiter(LimitsConfig config, PeerTable peers, NodeEvents events, BucketTable sources, BucketTable prefixes) {
        this.peers = peers;
        this.events = events;
        this.sources = sources;
        this.prefixes = prefixes;
        this.unverified = Pace.of(config.unverifiedDatagrams());
        this.verified = Pace.of(config.verifiedDatagrams());
        this.prefix = Pace.of(config.prefixDatagrams());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            // SourceFilter, in front, has normalised the sender.
            Refusal refusal = check(packet.sender(), packet.content().readableBytes(),
                    System.nanoTime());
            if (refusal != null) {
                packet.release();
                events.datagramRefused(refusal);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** @return {@code null} when the datagram may pass, else the reason it is refused */
    Refusal check(InetSocketAddress sender, int bytes, long now) {
        InetAddress ip = sender.getAddress();
        long tokens = Math.min(MAX_TOKENS, 1 + Math.max(0, bytes - 1) / TOKEN_BYTES);
        PeerEntry entry = peers.get(sender);
        boolean known = entry != null;
        if (known && entry.takeExpectedReply()) {
            return null; // an answer to one of our own download's requests: its window paces them
        }
        Pace pace = known ? verified : unverified;
        // The source first: one noisy IP is stopped by its own bucket before it drains its prefix.
        if (!sources.tryAcquire(SourceKeys.ip(ip), pace.cost(tokens), pace.toleranceNanos(), now)) {
            return Refusal.RATE_LIMITED_SOURCE;
        }
        if (!known && !prefixes.tryAcquire(SourceKeys.prefix(ip), prefix.cost(tokens), prefix.toleranceNanos(), now)) {
            return Refusal.RATE_LIMITED_PREFIX;
        }
        return null;
    }

    BucketTable sourceTable() {
        return sources;
    }

    BucketTable prefixTable() {
        return prefixes;
    }
}
