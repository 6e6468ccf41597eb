package io.cjp2p.node.cookie;

import io.cjp2p.node.reply.AmplificationGuard;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.DecoderLimits;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.RawJson;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.InboundDatagram;
import io.cjp2p.node.pipeline.OutboundDatagram;
import io.cjp2p.node.pipeline.ValidatedDatagram;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Token validation, both ways.
 *
 * <p>Inbound: marks each datagram verified when one of its AlwaysReturned carries our cookie for
 * the source IP (all of them are checked, in any position), records the verified sender in the peer
 * table and stores the cookie the sender asked us to return. A cookie from an unverified datagram is
 * echoed once and not stored, so forged sources leave no state.
 *
 * <p>Outbound: completes every datagram. A reply to an unverified source goes through
 * {@link AmplificationGuard}; anything else gets AlwaysReturned with the recipient's cookie, and our
 * current cookie when the recipient presented a stale one.
 *
 * <p>One instance per channel: it refills one {@link ValidatedDatagram} for every datagram, which the
 * rest of the pipeline reads before the next datagram is decoded.
 */
public final class TokenValidationHandler extends ChannelDuplexHandler {
    /** A cookie longer than this is not stored: it would ride on every datagram we send that peer. */
    public static final int MAX_STORED_COOKIE_BYTES = 512;

    private final CookieValidator validator;
    private final PeerTable peers;
    private final NodeEvents events;
    /** Made once: a method reference at the call site would allocate per reply. */
    private final IntConsumer trimmed;
    private final ValidatedDatagram validated = new ValidatedDatagram();

    public TokenValidationHandler(CookieValidator validator, PeerTable peers, NodeEvents events) {
        this.validator = validator;
        this.peers = peers;
        this.events = events;
        this.trimmed = events::replyTrimmed;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof InboundDatagram in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InetSocketAddress sender = in.sender();
        CookieValidator.Result result = CookieValidator.Result.INVALID;
        RawJson theirCookie = null;
        List<Message> messages = in.messages();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m instanceof AlwaysReturned ar && result != CookieValidator.Result.CURRENT) {
                CookieValidator.Result r = validator.check(sender.getAddress(), ar.body());
                if (r != CookieValidator.Result.INVALID) {
                    result = r;
                }
            } else if (m instanceof PleaseAlwaysReturnThisMessage p) {
                theirCookie = p.body();
            }
        }
        boolean verified = result != CookieValidator.Result.INVALID;
        events.datagramValidated(verified);
        PeerEntry peer = null;
        if (verified) {
            peer = peers.verified(sender, in.receivedNanos());
            if (peer != null && theirCookie != null && theirCookie.length() <= MAX_STORED_COOKIE_BYTES) {
                peers.storeCookie(peer, theirCookie);
            }
        }
        ctx.fireChannelRead(validated.fill(in, verified, result == CookieValidator.Result.PREVIOUS, theirCookie, peer));
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
            RawJson theirs;
            if (request != null && request.theirCookie() != null
                    && request.theirCookie().length() <= MAX_STORED_COOKIE_BYTES) {
                theirs = request.theirCookie();
            } else if (request != null && request.peer() != null) {
                theirs = request.peer().cookie(); // the sender's entry, already looked up inbound
            } else {
                theirs = peers.cookieFor(to);
            }
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
}
