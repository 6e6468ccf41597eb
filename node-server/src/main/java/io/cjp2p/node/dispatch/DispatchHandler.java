package io.cjp2p.node.dispatch;

import io.cjp2p.codec.Content;
import io.cjp2p.codec.Cookies;
import io.cjp2p.codec.MaybeTheyHaveSome;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.OtherMessage;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.ReturnedMessage;
import io.cjp2p.node.content.ContentResponder;
import io.cjp2p.node.content.ContentServices;
import io.cjp2p.node.download.Downloads;
import io.cjp2p.node.peer.AddressPolicy;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.GossipBudget;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.peer.RoundTripRejection;
import io.cjp2p.node.pipeline.InboundDatagram;
import io.cjp2p.node.pipeline.MessageType;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.OutboundDatagram;
import io.cjp2p.node.pipeline.ValidatedDatagram;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers each message of a validated datagram and writes one reply.
 *
 * <ul>
 *   <li>PleaseSendPeers: Peers, 46 recently verified peers when verified, 1 when not;</li>
 *   <li>PleaseReturnThisMessage: ReturnedMessage with the identical body;</li>
 *   <li>Peers (from senders verified now or before): candidates to probe, never handed out before
 *       they answer ({@link GossipIntake} bounds how many);</li>
 *   <li>ReturnedMessage: the round-trip time of our probe, if it returns a nonce we sent to that
 *       sender and it was not answered before ({@link RoundTripProbes}); it verifies the sender;</li>
 *   <li>Content and MaybeTheyHaveSome: to the node's {@link Downloads};</li>
 *   <li>identity messages (keys, signed and encrypted payloads, WhereAreThey, Forwarded, chat):
 *       {@link IdentityHandler}, which also adds our key announcement where Rust sends it;</li>
 *   <li>content requests and announcements (PleaseSendContent, PleaseListContent, ContentList,
 *       IJustSawThis): {@link ContentResponder};</li>
 *   <li>anything else: counted and ignored.</li>
 * </ul>
 *
 * While a browser page listens, each datagram is first shown to the pages ({@link PageFeed}).
 * A verified datagram that needs no answer gets none (so two nodes never ping-pong cookies). An
 * unverified one gets a reply only if it carried a core or identity message, and the reply obeys
 * the 2x rule; an unverified node asking for peers may also get a round-trip nonce as a first
 * contact ({@link FirstContacts}).
 * Writes are flushed once per read burst, which lets epoll send them with sendmmsg.
 */
public final class DispatchHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchHandler.class);

    /**
     * The reply list, refilled for each datagram (one instance per channel, so it belongs to that
     * channel's event loop). The write below runs synchronously through the reply shaper, the reply
     * limiter and the encoder, which turns the list into bytes; nothing keeps it after
     * {@code ctx.write} returns.
     */
    private final ArrayList<Message> answers = new ArrayList<>(8);
    /** The reply's envelope, refilled for each reply like the list in it. */
    private final OutboundDatagram reply = new OutboundDatagram();

    private final PeerTable peers;
    private final RoundTripProbes probes;
    /** This channel's own: its gossip budget belongs to this channel's event loop. */
    private final GossipIntake gossip;
    private final NodeEvents events;
    /** This channel's identity handling, or {@code null}: identity messages are then only counted. */
    private final IdentityHandler identity;
    /** Local browser pages, or {@code null} without identity services. */
    private final PageFeed pages;
    /** This channel's content answers, or {@code null}: content messages are then only counted. */
    private final ContentResponder content;
    /** Sends unverified askers a round-trip nonce, within bounds; {@code null} when off. */
    private final FirstContacts firstContacts;
    /** The node's downloads, or {@code null}: Content and MaybeTheyHaveSome are then only counted. */
    private final Downloads downloads;

    public DispatchHandler(PeerTable peers, CandidateSet candidates, RoundTripProbes probes, NodeEvents events) {
        this(peers, candidates, probes, events, null);
    }

    public DispatchHandler(PeerTable peers, CandidateSet candidates, RoundTripProbes probes, NodeEvents events,
                           IdentityServices identity) {
        this(peers, candidates, probes, events, identity, null, null, null);
    }

    /**
     * @param content the node's content side, or {@code null} to only count content messages
     * @param downloads the node's downloads, or {@code null} to only count Content and MaybeTheyHaveSome
     * @param firstContacts the discovery of unverified askers, or {@code null} to leave them be
     */
    public DispatchHandler(PeerTable peers, CandidateSet candidates, RoundTripProbes probes, NodeEvents events,
                           IdentityServices identity, ContentServices content, Downloads downloads,
                           FirstContacts firstContacts) {
        this.content = content == null ? null : content.newResponder();
        this.downloads = downloads;
        this.firstContacts = firstContacts;
        this.peers = peers;
        this.probes = probes;
        this.gossip = new GossipIntake(peers, candidates, new GossipBudget());
        this.events = events;
        this.identity = identity == null ? null : identity.newHandler();
        this.pages = identity == null ? null : identity.pages();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ValidatedDatagram datagram)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InboundDatagram in = datagram.datagram();
        InetSocketAddress sender = in.sender();
        answers.clear();
        if (pages != null && pages.active() && in.raw() != null) {
            pages.datagram(sender, in.raw(), in.size(), identity.keyOf(sender), datagram.verified());
        }
        if (identity != null) {
            identity.begin(datagram, answers);
        }
        if (content != null) {
            content.begin();
        }
        boolean recognised = false;
        boolean askedForPeers = false;
        List<Message> messages = in.messages();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m instanceof OtherMessage) {
                events.messageReceived(MessageType.OTHER);
                continue;
            }
            events.messageReceived(MessageType.of(m.type()));
            recognised = true;
            if (m instanceof PleaseSendPeers) {
                askedForPeers = true;
                // Assembled from the peers' cached wire form: no address is formatted per reply.
                boolean senderPublic = datagram.peer() != null ? datagram.peer().isPublic()
                        : AddressPolicy.isPublic(sender.getAddress());
                answers.add(peers.selectEncoded(sender, senderPublic, datagram.verified() ? PeerTable.MAX_HANDOUT : 1));
            } else if (m instanceof PleaseReturnThisMessage p) {
                answers.add(new ReturnedMessage(p.body()));
            } else if (m instanceof Peers p && (datagram.verified() || peers.contains(sender))) {
                // A peer that proved its address before may answer without our cookie (the Ruby
                // reference never attaches one to its Peers).
                gossip.learn(p, sender, in.size(), ctx.channel().localAddress(), in.receivedNanos());
            } else if (m instanceof ReturnedMessage r) {
                roundTrip(datagram, r, in.receivedNanos());
            } else if (m instanceof Content c && downloads != null) {
                // Blocks of our downloads, from any source: the download decides what to keep.
                downloads.content(sender, c, datagram.theirCookie(), datagram.verified());
            } else if (m instanceof MaybeTheyHaveSome t && downloads != null) {
                downloads.maybeTheyHaveSome(t);
            } else if (identity != null && IdentityHandler.handles(m)) {
                // A signed or decrypted payload with our cookie verifies the rest of the datagram.
                identity.handle(m);
            } else if (content != null && ContentResponder.handles(m)) {
                content.handle(m, sender, datagram.verified(), in.size(), datagram.theirCookie(), answers);
            }
        }
        if (identity != null) {
            identity.finish(askedForPeers);
        }
        boolean verified = datagram.verified();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} bytes from {} ({}): {} -> {}", in.size(), sender, verified ? "verified" : "unverified",
                    messages.stream().map(Message::type).toList(), answers.stream().map(Message::type).toList());
        }
        boolean answer = verified ? !answers.isEmpty() || datagram.staleCookie() : recognised;
        if (!verified && askedForPeers && firstContacts != null && datagram.theirCookie() == null) {
            firstContacts.asked(sender, in.receivedNanos());
        }
        if (answer) {
            ctx.write(reply.fill(sender, answers, datagram), ctx.voidPromise());
        }
        events.datagramProcessed(System.nanoTime() - in.receivedNanos());
    }

    /**
     * A ReturnedMessage: the round trip of our probe when it returns a nonce we sent to that address.
     * The nonce proves the address as our cookie would, so a sender that returns it without our
     * cookie (the Ruby reference never attaches one) is verified by it.
     */
    private void roundTrip(ValidatedDatagram datagram, ReturnedMessage r, long now) {
        PeerEntry peer = datagram.peer();
        if (peer == null && !Cookies.isHexBody(r.body())) {
            return; // not a nonce of ours as we sent it; and a stranger's body is not worth re-reading
        }
        InetSocketAddress sender = datagram.datagram().sender();
        long rtt = probes.answer(sender, r.body(), now);
        if (rtt >= 0) {
            if (peer == null) {
                peer = peers.verified(sender, now);
            }
            if (peer != null) {
                peers.recordRtt(peer, rtt);
            }
            events.roundTrip(rtt);
        } else if (peer != null) {
            events.roundTripRejected(RoundTripRejection.of(rtt));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (content != null) {
            content.close(); // its open files
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A datagram must never take the node down: log and carry on.
        LOG.warn("error on the packet path", cause);
    }
}
