package io.cjp2p.node.reply;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.DecoderLimits;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.RawJson;
import io.cjp2p.node.cookie.CookieCheckHandler;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.OutboundDatagram;
import io.cjp2p.node.pipeline.ValidatedDatagram;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Completes every outbound datagram before it is encoded: a reply to an unverified source is cut to
 * the 2x rule by {@link AmplificationGuard}; anything else gets AlwaysReturned with the recipient's
 * cookie, and our current cookie when the recipient presented a stale one. Then it records the
 * encoded length, so later stages do not measure the list again.
 */
@ChannelHandler.Sharable
public final class ReplyShaper extends ChannelOutboundHandlerAdapter {
    private final CookieValidator validator;
    private final PeerTable peers;
    private final NodeEvents events;
    /** Made once: a method reference at the call site would allocate per reply. */
    private final IntConsumer trimmed;

    public ReplyShaper(CookieValidator validator, PeerTable peers, NodeEvents events) {
        this.validator = validator;
        this.peers = peers;
        this.events = events;
        this.trimmed = events::replyTrimmed;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof OutboundDatagram out)) {
            ctx.write(msg, promise);
            return;
        }
        InetSocketAddress to = out.recipient();
        ValidatedDatagram request = out.inReplyTo();
        List<Message> messages = out.messages();
        int length;
        if (request != null && !request.verified()) {
            length = AmplificationGuard.fit(messages, request.theirCookie(),
                    validator.cookieMessageFor(to.getAddress()), request.datagram().size(), trimmed);
        } else {
            if (request != null && request.staleCookie()) {
                messages.add(validator.cookieMessageFor(to.getAddress()));
            }
            RawJson theirs = cookieFor(request, to);
            if (theirs != null) {
                messages.add(new AlwaysReturned(theirs));
            }
            length = MessageEncoder.datagramLength(messages);
            if (length > DecoderLimits.UDP_MAX_PAYLOAD) {
                // Only a verified reply echoing a near-maximal request, with a cookie attached, gets here.
                events.replyTrimmed(AmplificationGuard.fitDatagram(messages));
                length = MessageEncoder.datagramLength(messages);
            }
        }
        if (messages.isEmpty()) {
            promise.trySuccess();
            return;
        }
        out.completed(length);
        ctx.write(out, promise);
    }

    /** The cookie to return to {@code to}: the one in the request, else the one its peer entry holds. */
    private RawJson cookieFor(ValidatedDatagram request, InetSocketAddress to) {
        if (request != null && CookieCheckHandler.storable(request.theirCookie())) {
            return request.theirCookie();
        }
        if (request != null && request.peer() != null) {
            return request.peer().cookie(); // the sender's entry, already looked up inbound
        }
        return peers.cookieFor(to);
    }
}
