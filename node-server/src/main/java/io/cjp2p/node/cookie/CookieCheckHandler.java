package io.cjp2p.node.cookie;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.RawJson;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.InboundDatagram;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.ValidatedDatagram;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@link InboundDatagram} in, {@link ValidatedDatagram} out: checks the cookie of every datagram.
 *
 * <p>A datagram is verified when any of its AlwaysReturned carries our cookie for the source IP.
 * A verified sender is recorded in the peer table with the cookie it asked us to return; a cookie
 * from an unverified datagram is only echoed once (by the reply stage), so forged sources leave no
 * state. One instance per channel: it refills one envelope for every datagram.
 */
public final class CookieCheckHandler extends ChannelInboundHandlerAdapter {
    /** A cookie longer than this is not stored: it would ride on every datagram we send that peer. */
    public static final int MAX_STORED_COOKIE_BYTES = 512;

    private final CookieValidator validator;
    private final PeerTable peers;
    private final NodeEvents events;
    private final ValidatedDatagram validated = new ValidatedDatagram();

    public CookieCheckHandler(CookieValidator validator, PeerTable peers, NodeEvents events) {
        this.validator = validator;
        this.peers = peers;
        this.events = events;
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
            if (peer != null && storable(theirCookie)) {
                peers.storeCookie(peer, theirCookie);
            }
        }
        ctx.fireChannelRead(validated.fill(in, verified, result == CookieValidator.Result.PREVIOUS, theirCookie, peer));
    }

    /** Whether a cookie is short enough to keep and to return on every datagram. */
    public static boolean storable(RawJson cookie) {
        return cookie != null && cookie.length() <= MAX_STORED_COOKIE_BYTES;
    }
}
