package io.cjp2p.loadtest.eclipse;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.DecodeObserver;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.ReturnedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One source (ip:port) that makes itself a verified peer of the node and stays one, as a peer
 * would: the IP's first port gets the node's cookie, then every port joins with a request that
 * returns it and gives the node a cookie of its own, and then sends a keep-alive every refresh
 * period. It answers the node's maintenance probes, so the node measures its round trip.
 *
 * <p>Keep-alives do not carry the source's own cookie, so the node echoes it only from its peer
 * entry: an answer with it says the node holds this source, one without it that the node verified
 * the source but keeps no entry for it (its table was full, or it refused). Runs on the run's single
 * event loop.
 */
final class EclipseSource extends ChannelInboundHandlerAdapter {
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    enum Held { UNKNOWN, HELD, DROPPED }

    private final Origin origin;
    private final SourceIp ip;
    /** The IP's first port, which does the handshake for all of them. */
    private final boolean leader;
    private final boolean heavy;
    private final RawJson ownCookie;
    private final InetSocketAddress target;
    private final long refreshNanos;
    private final MessageDecoder decoder;
    private final SourceTraffic traffic;
    private final List<Message> received = new ArrayList<>();

    private Channel channel;
    private long nextDue;
    private long sequence;
    /** The round-trip body of the request outstanding, or {@code null}. */
    private RawJson pending;
    private boolean pendingJoin;
    private boolean verified;
    private Held held = Held.UNKNOWN;

    EclipseSource(Origin origin, SourceIp ip, boolean leader, boolean heavy, String name, InetSocketAddress target,
                  long refreshNanos, MessageDecoder decoder, SourceTraffic traffic) {
        this.origin = origin;
        this.ip = ip;
        this.leader = leader;
        this.heavy = heavy;
        this.ownCookie = RawJson.of("{\"cookie\":\"" + name + "\"}");
        this.target = target;
        this.refreshNanos = refreshNanos;
        this.decoder = decoder;
        this.traffic = traffic;
    }

    void channel(Channel channel) {
        this.channel = channel;
    }

    Origin origin() {
        return origin;
    }

    boolean heavy() {
        return heavy;
    }

    /** Where this source binds: its IP, any port. */
    InetSocketAddress bindAddress() {
        return new InetSocketAddress(ip.address, 0);
    }

    /** Whether the node has answered this source's IP with its cookie. */
    boolean hasNodeCookie() {
        return ip.nodeCookie != null;
    }

    /** The node accepted this source's cookie return: it answered as to a verified peer. */
    boolean verified() {
        return verified;
    }

    Held held() {
        return held;
    }

    /** Sends what is due now, if the pacer allows it; called every pacing tick. */
    void step(long now, LimitPacer pacer) {
        if (now - nextDue < 0) {
            return;
        }
        RawJson cookie = ip.nodeCookie;
        if (cookie == null) {
            if (leader && pacer.unverified(ip.address, now)) {
                send(List.of(PleaseSendPeers.INSTANCE, new PleaseAlwaysReturnThisMessage(ownCookie)));
                nextDue = now + RETRY_NANOS;
            }
            return;
        }
        // Not held: join again, our cookie with it, so the node stores us once it has room.
        boolean join = !verified || held == Held.DROPPED;
        if (!(join ? pacer.unverified(ip.address, now) : pacer.verified(ip.address, now))) {
            return;
        }
        if (pending != null) {
            traffic.unanswered++;
        }
        pending = RawJson.of("{\"n\":" + ++sequence + "}");
        pendingJoin = join;
        List<Message> request = new ArrayList<>(3);
        request.add(new AlwaysReturned(cookie));
        request.add(new PleaseReturnThisMessage(pending));
        if (join) {
            request.add(new PleaseAlwaysReturnThisMessage(ownCookie));
        }
        send(request);
        nextDue = now + (join ? RETRY_NANOS : refreshNanos);
    }

    private void send(List<Message> messages) {
        ByteBuf buf = channel.alloc().buffer(MessageEncoder.datagramLength(messages));
        MessageEncoder.encode(messages, buf);
        channel.writeAndFlush(new DatagramPacket(buf, target), channel.voidPromise());
        traffic.sent++;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            byte[] data = ByteBufUtil.getBytes(packet.content());
            received.clear();
            if (decoder.decode(data, data.length, received, DecodeObserver.IGNORE) != null) {
                traffic.other++;
                return;
            }
            read(received, System.nanoTime());
        } finally {
            packet.release();
        }
    }

    private void read(List<Message> messages, long now) {
        RawJson offer = null;
        RawJson returned = null;
        RawJson probe = null;
        boolean ours = false;
        for (Message m : messages) {
            if (m instanceof PleaseAlwaysReturnThisMessage p) {
                offer = p.body();
            } else if (m instanceof ReturnedMessage r) {
                returned = r.body();
            } else if (m instanceof PleaseReturnThisMessage p) {
                probe = p.body();
            } else if (m instanceof AlwaysReturned a && a.body().equals(ownCookie)) {
                ours = true;
            }
        }
        if (offer != null) {
            // The node's current cookie: from a handshake, a probe, or the answer to a stale one.
            ip.nodeCookie = offer;
        }
        if (probe != null) {
            // Maintenance probes only the peers in the node's table.
            held = Held.HELD;
            if (ip.nodeCookie != null) {
                send(List.of(new ReturnedMessage(probe), new AlwaysReturned(ip.nodeCookie)));
                traffic.probesAnswered++;
            }
            return;
        }
        if (returned == null) {
            if (offer != null) {
                traffic.replies++; // a handshake answer
            } else {
                traffic.other++;
            }
            return;
        }
        if (!returned.equals(pending)) {
            traffic.other++;
            return;
        }
        traffic.replies++;
        pending = null;
        if (offer != null) {
            // Not accepted (or accepted with the previous cookie): go again with the current one.
            nextDue = now;
            return;
        }
        if (pendingJoin) {
            verified = true;
            held = Held.UNKNOWN; // the next keep-alive tells
            nextDue = now + refreshNanos;
        } else {
            held = ours ? Held.HELD : Held.DROPPED;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable and the like: counted, the source goes on.
        traffic.other++;
    }
}
