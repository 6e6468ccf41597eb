package io.cjp2p.node.download;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.PleaseSendContent;
import io.cjp2p.codec.RawJson;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.OutboundDatagram;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a download's requests as PleaseSendContent datagrams, one block per datagram (Rust and Ruby
 * answer one block per request). A source that has not yet returned our cookie also gets our
 * PleaseAlwaysReturnThisMessage, so that it can echo it and verify itself to us; the cookie the
 * source asked us to return rides along as AlwaysReturned, which is what lifts the 2x rule's cut
 * replies into full blocks. When the peer table already holds that source's cookie the reply shaper
 * attaches it, so it is not added twice.
 */
public final class ContentRequests implements RequestSink {
    private final Channel channel;
    private final CookieValidator cookies;
    private final PeerTable peers;

    public ContentRequests(Channel channel, CookieValidator cookies, PeerTable peers) {
        this.channel = channel;
        this.cookies = cookies;
        this.peers = peers;
    }

    @Override
    public void request(Source source, String id, long offset, int length) {
        InetSocketAddress to = source.address();
        List<Message> messages = new ArrayList<>(3);
        messages.add(new PleaseSendContent(id, offset, length));
        if (!source.returnedOurs()) {
            messages.add(cookies.cookieMessageFor(to.getAddress()));
        }
        PeerEntry peer = peers.get(to);
        if (peer != null) {
            peer.expectReply(); // its answer passes the inbound rate limit
        }
        if (source.cookie() instanceof RawJson theirs && (peer == null || peer.cookie() == null)) {
            messages.add(new AlwaysReturned(theirs));
        }
        channel.write(new OutboundDatagram(to, messages, null), channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }
}
