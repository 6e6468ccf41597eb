package io.cjp2p.node.pipeline;

import io.cjp2p.codec.PeerAddress;
import io.cjp2p.node.peer.AddressPolicy;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The first inbound handler: refuses datagrams from sources that cannot be an honest peer before
 * they cost a bucket or a parse. Port 0, multicast, broadcast and the unspecified address (see
 * {@link AddressPolicy#isNonsenseSource}) and our own socket address: a datagram forged with our
 * own address as its source would make us answer ourselves, and a reply loop is the cheapest
 * amplifier there is. On loopback, other nodes share 127.0.0.1 with us but not our port, so only
 * the exact ip:port counts as ours (any loopback or local-interface IP when we are bound to the
 * wildcard address, since no other socket can hold our port on those).
 *
 * <p>It also hands on every datagram with its sender normalised (IPv4-mapped IPv6 turned into
 * IPv4), so that no handler after it has to.
 *
 * <p>One instance per channel: it knows that channel's bound address.
 */
public final class SourceFilter extends ChannelInboundHandlerAdapter {

    private final NodeEvents events;
    private InetSocketAddress local;
    private Set<InetAddress> localIps = Set.of();

    public SourceFilter(NodeEvents events) {
        this.events = events;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        learnLocalAddress(ctx.channel().localAddress());
        super.channelActive(ctx);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            learnLocalAddress(ctx.channel().localAddress());
        }
    }

    private void learnLocalAddress(SocketAddress address) {
        if (address instanceof InetSocketAddress a) {
            local = a;
            localIps = a.getAddress().isAnyLocalAddress() ? interfaceAddresses() : Set.of();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            events.datagramReceived(packet.content().readableBytes());
            if (local == null) {
                learnLocalAddress(ctx.channel().localAddress());
            }
            InetSocketAddress sender = PeerAddress.normalize(packet.sender());
            Refusal refusal = AddressPolicy.isNonsenseSource(sender) ? Refusal.BAD_SOURCE
                    : isOwnAddress(sender) ? Refusal.OWN_ADDRESS : null;
            if (refusal != null) {
                packet.release();
                events.datagramRefused(refusal);
                return;
            }
            if (sender != packet.sender()) {
                // On a dual-stack socket every IPv4 source arrives v4-mapped: normalise it once,
                // here, so that the limiters and the decoder downstream use it as it is.
                msg = new DatagramPacket(packet.content(), packet.recipient(), sender);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** True when {@code sender} is the address this channel is bound to. */
    public boolean isOwnAddress(InetSocketAddress sender) {
        InetSocketAddress me = local;
        if (me == null || sender.getPort() != me.getPort()) {
            return false;
        }
        InetAddress ip = sender.getAddress();
        InetAddress bound = PeerAddress.normalize(me.getAddress());
        if (bound.isAnyLocalAddress()) {
            return ip.isLoopbackAddress() || ip.isAnyLocalAddress() || localIps.contains(ip);
        }
        return ip.equals(bound);
    }

    private static Set<InetAddress> interfaceAddresses() {
        Set<InetAddress> ips = new HashSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    ips.add(PeerAddress.normalize(a));
                }
            }
        } catch (SocketException e) {
            // Without the list, loopback still counts as ours; the decoder's checks still apply.
        }
        return Set.copyOf(ips);
    }
}
