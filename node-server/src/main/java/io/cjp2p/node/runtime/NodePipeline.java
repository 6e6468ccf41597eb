package io.cjp2p.node.runtime;

import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.content.ContentServices;
import io.cjp2p.node.cookie.CookieCheckHandler;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.dispatch.DispatchHandler;
import io.cjp2p.node.dispatch.FirstContacts;
import io.cjp2p.node.dispatch.IdentityServices;
import io.cjp2p.node.download.Downloads;
import io.cjp2p.node.limit.Limiters;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.pipeline.DatagramDecoder;
import io.cjp2p.node.pipeline.DatagramEncoder;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.SourceFilter;
import io.cjp2p.node.reply.ReplyShaper;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

/**
 * Builds the packet pipeline of every channel, the same way for a real socket and for an
 * EmbeddedChannel in tests.
 *
 * <p>Inbound order: {@link SourceFilter} (impossible and own sources), the inbound limiter (per
 * source and prefix, before any parse; absent with limits off), {@link DatagramDecoder}, {@link
 * CookieCheckHandler}, {@link DispatchHandler}. Writes travel the other way: {@link ReplyShaper}
 * (2x rule, cookies attached), the reply limiter (reply bytes; absent with limits off), {@link
 * DatagramEncoder}. Stateless handlers are shared; the source filter, the limiters, the decoder, the
 * cookie check, the dispatcher and the encoder hold per-channel state (counters, buffers, reused
 * lists and envelopes) and are made for each channel, so that state belongs to the channel's event loop
 * without a lock or a thread-local.
 */
public final class NodePipeline extends ChannelInitializer<Channel> {
    private final NodeEvents events;
    private final Limiters limiters;
    private final MessageDecoder codec = new MessageDecoder();
    private final PeerTable peers;
    private final CandidateSet candidates;
    private final RoundTripProbes probes;
    private final CookieValidator cookies;
    private final ReplyShaper shaper;
    private final IdentityServices identity;
    private final ContentServices content;
    private final FirstContacts firstContacts;
    /** The node's downloads, or {@code null}: Content and MaybeTheyHaveSome are then only counted. */
    private Downloads downloads;

    public NodePipeline(PeerTable peers, CandidateSet candidates, CookieValidator cookies, RoundTripProbes probes,
                        LimitsConfig limits, NodeEvents events) {
        this(peers, candidates, cookies, probes, limits, events, null);
    }

    /** @param identity the node's identity state, or {@code null} to only count identity messages */
    public NodePipeline(PeerTable peers, CandidateSet candidates, CookieValidator cookies, RoundTripProbes probes,
                        LimitsConfig limits, NodeEvents events, IdentityServices identity) {
        this(peers, candidates, cookies, probes, limits, events, identity, null, null);
    }

    /**
     * @param content the node's content side, or {@code null} to only count content messages
     * @param firstContacts the discovery of unverified askers, or {@code null} to leave them be
     */
    public NodePipeline(PeerTable peers, CandidateSet candidates, CookieValidator cookies, RoundTripProbes probes,
                        LimitsConfig limits, NodeEvents events, IdentityServices identity,
                        ContentServices content, FirstContacts firstContacts) {
        this.firstContacts = firstContacts;
        this.identity = identity;
        this.content = content;
        this.events = events;
        this.limiters = limits.enabled() ? new Limiters(limits, peers, events) : null;
        this.peers = peers;
        this.candidates = candidates;
        this.probes = probes;
        this.cookies = cookies;
        this.shaper = new ReplyShaper(cookies, peers, events);
    }

    /** Hands Contents and MaybeTheyHaveSome to these downloads (set before the sockets open). */
    public NodePipeline downloads(Downloads value) {
        this.downloads = value;
        return this;
    }

    @Override
    protected void initChannel(Channel ch) {
        install(ch.pipeline());
    }

    /** Adds the node's handlers to {@code p}. */
    public void install(ChannelPipeline p) {
        p.addLast("encoder", new DatagramEncoder(events));
        if (limiters != null) {
            p.addLast("reply-limit", limiters.newReplyLimiter());
        }
        p.addLast("sources", new SourceFilter(events));
        if (limiters != null) {
            p.addLast("inbound-limit", limiters.newInboundLimiter());
        }
        p.addLast("decoder", new DatagramDecoder(codec, events))
                .addLast("reply", shaper)
                .addLast("cookie", new CookieCheckHandler(cookies, peers, events))
                .addLast("dispatch", new DispatchHandler(peers, candidates, probes, events, identity, content, downloads, firstContacts));
    }
}
