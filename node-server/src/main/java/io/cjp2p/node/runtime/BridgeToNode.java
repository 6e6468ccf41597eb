package io.cjp2p.node.runtime;

import io.cjp2p.codec.DecodeObserver;
import io.cjp2p.codec.Forwarded;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.MyPublicKey;
import io.cjp2p.codec.OtherMessage;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.ReturnedMessage;
import io.cjp2p.codec.WhereAreThey;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.dispatch.EncryptedSender;
import io.cjp2p.node.dispatch.IdentityServices;
import io.cjp2p.node.http.BridgeClient;
import io.cjp2p.node.http.BridgeEvents;
import io.cjp2p.node.http.BridgeInbound;
import io.cjp2p.node.http.ForwardOutcome;
import io.cjp2p.node.peer.AddressPolicy;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.OutboundDatagram;
import io.cjp2p.node.udp.Reachability;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the node does with a browser page's frame: it is decoded as a datagram (the codec's rules
 * and limits, so a frame over the UDP maximum is refused too) from a trusted local source, and
 * answered to that page only:
 *
 * <ul>
 *   <li>{@code PleaseSendPeers}: {@code Peers} from the whole handout (a local page may see private
 *       peers), then our {@code MyPublicKey};</li>
 *   <li>{@code PleaseReturnThisMessage}: {@code ReturnedMessage};</li>
 *   <li>{@code WhereAreThey}: the {@code Forwarded} a peer would get, naming the address the key is
 *       bound to; nothing when it is unknown;</li>
 *   <li>{@code Forward} to a key: through {@link EncryptedSender} (Noise IK, signed first when
 *       asked; held while peers are asked where an unknown key is); {@code Forward} to an address:
 *       the elements verbatim, with our cookie for that address. Each outcome is counted.</li>
 * </ul>
 *
 * Other messages are ignored. What comes back from the network reaches every page through the
 * packet path's {@link io.cjp2p.node.dispatch.PageFeed}.
 */
public final class BridgeToNode implements BridgeInbound {
    private final MessageDecoder decoder = new MessageDecoder();
    private final PeerTable peers;
    /** Null in tests of the bridge alone: then every Forward is refused and WhereAreThey unanswered. */
    private final IdentityServices identity;
    private final CookieValidator cookies;
    private final Supplier<Channel> udp;
    private final BridgeEvents events;

    /** A bridge that answers queries from the peer table only. */
    public BridgeToNode(PeerTable peers) {
        this(peers, null, null, () -> null, BridgeEvents.NONE);
    }

    /**
     * @param udp the channel raw sends go out on
     */
    public BridgeToNode(PeerTable peers, IdentityServices identity, CookieValidator cookies, Supplier<Channel> udp,
                        BridgeEvents events) {
        this.peers = peers;
        this.identity = identity;
        this.cookies = cookies;
        this.udp = udp;
        this.events = events;
    }

    @Override
    public boolean fromBrowser(BridgeClient client, byte[] json) {
        List<Message> messages = new ArrayList<>();
        if (decoder.decode(json, json.length, messages, DecodeObserver.IGNORE) != null) {
            return false;
        }
        List<Message> answers = new ArrayList<>(2);
        boolean firstDatagram = true;
        for (Message m : messages) {
            if (m instanceof PleaseSendPeers) {
                answers.add(peers.selectEncoded(client.remoteAddress(), false, PeerTable.MAX_HANDOUT));
                if (identity != null) {
                    answers.add(identity.own().myPublicKey());
                }
            } else if (m instanceof PleaseReturnThisMessage p) {
                answers.add(new ReturnedMessage(p.body()));
            } else if (m instanceof WhereAreThey q && identity != null) {
                InetSocketAddress at = identity.directory().addressOf(q.ed25519h());
                if (at != null) {
                    answers.add(new Forwarded(at, null, null, text(List.of(new MyPublicKey(q.ed25519h()))), false));
                }
            } else if (m instanceof OtherMessage o && o.type().equals("Forward")) {
                // The frame paid for one datagram; each further one pays from the same budget.
                boolean paid = firstDatagram || client.takeDatagram();
                firstDatagram = false;
                events.forwarded(paid ? forward(ForwardRequest.parse(o.element().toByteArray()))
                        : ForwardOutcome.REFUSED);
            }
        }
        if (!answers.isEmpty()) {
            client.send(text(answers));
        }
        return true;
    }

    private ForwardOutcome forward(ForwardRequest f) {
        if (f == null || identity == null) {
            return ForwardOutcome.REFUSED;
        }
        if (f.to() != null) {
            EncryptedSender.Result r = identity.sender().send(f.to(), f.messages(), f.sign(),
                    () -> events.forwarded(ForwardOutcome.LOOKUP_FAILED));
            return switch (r) {
                case SENT -> ForwardOutcome.SENT;
                case HELD -> ForwardOutcome.QUEUED;
                case DROPPED -> ForwardOutcome.REFUSED;
            };
        }
        Channel ch = udp.get();
        InetSocketAddress to = f.src();
        if (ch == null || f.elements().isEmpty() || !AddressPolicy.mayBePeer(to)
                || !Reachability.reaches(ch.localAddress(), to)) {
            return ForwardOutcome.REFUSED;
        }
        List<Message> datagram = new ArrayList<>(f.elements().size() + 2);
        datagram.add(cookies.cookieMessageFor(to.getAddress()));
        datagram.addAll(f.elements());
        ch.writeAndFlush(new OutboundDatagram(to, datagram, null), ch.voidPromise());
        return ForwardOutcome.SENT;
    }

    private static String text(List<? extends Message> messages) {
        ByteBuf out = Unpooled.buffer(MessageEncoder.datagramLength(messages));
        try {
            MessageEncoder.encode(messages, out);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }
}
