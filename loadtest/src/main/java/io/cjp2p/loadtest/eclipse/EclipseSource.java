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
    /** The sequence number of the last request sent; answers name theirs. */
    private long sequence;
    /** The latest keep-alive whose answer set {@link #held}: an older one answering late does not. */
    private long heldSequence;
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
        // The node charges the verified price only to an ip:port in its table: until an answer
        // shows that it holds us, we are charged as a stranger.
        boolean known = !join && held == Held.HELD;
        if (!(known ? pacer.verified(ip.address, now) : pacer.unverified(ip.address, now))) {
            return;
        }
        List<Message> request = new ArrayList<>(3);
        request.add(new AlwaysReturned(cookie));
        request.add(new PleaseReturnThisMessage(RoundTrip.body(join, ++sequence)));
        if (join) {
            request.add(new PleaseAlwaysReturnThisMessage(ownCookie));
        }
        send(request);
        traffic.requests++;
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
                // A handshake answer.
                if (!verified) {
                    nextDue = now; // join at once rather than at the handshake's retry time
                }
            } else {
                traffic.other++;
            }
            return;
        }
        RoundTrip answer = RoundTrip.of(returned);
        if (answer == null || answer.sequence() > sequence) {
            traffic.other++;
            return;
        }
        traffic.answered++;
        boolean latest = answer.sequence() == sequence;
        if (!latest) {
            traffic.late++;
        }
        if (offer != null) {
            // Not accepted (or accepted with the previous cookie): go again with the current one.
            if (latest) {
                nextDue = now;
            }
            return;
        }
        if (answer.join()) {
            // Even a late answer proves the node took our cookie.
            verified = true;
            if (latest) {
                held = Held.UNKNOWN; // the next keep-alive tells
                nextDue = now + refreshNanos;
            }
        } else if (answer.sequence() > heldSequence) {
            heldSequence = answer.sequence();
            held = ours ? Held.HELD : Held.DROPPED;
        }
    }

    /**
     * The round-trip body of a request, {@code {"join":N}} or {@code {"n":N}}, which the node
     * returns byte for byte: so an answer, even a late one, says which request it answers.
     */
    record RoundTrip(boolean join, long sequence) {
        private static final String JOIN = "{\"join\":";
        private static final String KEEP_ALIVE = "{\"n\":";

        static RawJson body(boolean join, long sequence) {
            return RawJson.of((join ? JOIN : KEEP_ALIVE) + sequence + "}");
        }

        /** The request a returned body names, or {@code null} when it is not one of ours. */
        static RoundTrip of(RawJson body) {
            String s = body.toString();
            boolean join = s.startsWith(JOIN);
            int from = join ? JOIN.length() : KEEP_ALIVE.length();
            if (!join && !s.startsWith(KEEP_ALIVE) || !s.endsWith("}") || s.length() - 1 - from < 1
                    || s.length() - 1 - from > 18) {
                return null;
            }
            long n = 0;
            for (int i = from; i < s.length() - 1; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                n = n * 10 + (c - '0');
            }
            return n == 0 ? null : new RoundTrip(join, n);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable and the like: counted, the source goes on.
        traffic.other++;
    }
}
