package io.cjp2p.node.udp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * Sends the channel's datagrams from a second socket on the same address and port, one that only
 * sends, with one sendmmsg per flush.
 *
 * <p>Why: the channel's socket is in its event loop's epoll set, and the kernel wakes that entry for
 * every datagram the socket has sent, when it frees it; on loopback that costs a C echo server about
 * 9 % of its CPU per reply. This socket is in no epoll set. It joins the channel's SO_REUSEPORT group
 * and the kernel never picks it for an incoming datagram, while sendmmsg with an address per
 * datagram still sends anywhere. Replies leave from the same address and port as before.
 *
 * <p>On one address it is connected to that address, and a connected member of a group only gets
 * datagrams from the address it is connected to. On a wildcard address, where connecting would fix
 * its source address, it stays unconnected: {@link ChannelSteering}, attached to the group
 * before this socket joins, hands every datagram to a channel's socket.
 *
 * <p>A datagram the kernel has no room for goes on through the channel, which waits for room;
 * one it refuses fails as it would on the channel, through exceptionCaught. Anything but a void
 * promise and direct memory goes through the channel too.
 *
 * <p>One instance per channel, the first handler from the head, used on the channel's event loop only.
 */
public final class SendOnlySocket extends ChannelOutboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SendOnlySocket.class);
    /** The least receive buffer the kernel allows: only datagrams the node sends to itself land here, and only on one address. */
    private static final int RECEIVE_BUFFER_BYTES = 1;

    private LinuxSocket socket;
    private NativeSendBatch batch;

    /**
     * Whether a send-only socket can be used here: Netty's internals as this class knows them, and a
     * Linux kernel that never picks a connected socket of a group for a datagram from elsewhere
     * (5.4 and later; an older one would hand it a share of the port's traffic, which nobody reads).
     */
    public static boolean available() {
        return NativeSendBatch.UNAVAILABLE == null && KernelVersion.atLeast(System.getProperty("os.version"), 5, 4);
    }

    /**
     * Opens the socket on the channel's address and port {@code local}; on the channel's event loop,
     * after its bind, and on a wildcard address only once the group's datagrams are steered to the
     * channels.
     */
    public void open(InetSocketAddress local) throws IOException {
        LinuxSocket s = groupSocket(local);
        socket = s;
        batch = new NativeSendBatch(s.intValue(), !(local.getAddress() instanceof Inet4Address));
    }

    /** A socket on {@code local} that joins its SO_REUSEPORT group, connected to {@code local} itself unless a wildcard. */
    private static LinuxSocket groupSocket(InetSocketAddress local) throws IOException {
        LinuxSocket s = LinuxSocket.newSocketDgram(local.getAddress() instanceof Inet4Address
                ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6);
        try {
            s.setReusePort(true);
            s.setSendBufferSize(Transport.SOCKET_BUFFER_BYTES);
            s.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
            s.bind(local);
            if (!local.getAddress().isAnyLocalAddress()) {
                s.connect(local);
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (batch != null && promise.isVoid() && msg instanceof DatagramPacket packet && NativeSendBatch.fits(packet)) {
            if (batch.add(packet)) {
                return;
            }
            send(ctx); // full
            if (batch.add(packet)) {
                return;
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (batch != null) {
            send(ctx);
        }
        ctx.flush();
    }

    /** Sends the batch; what the kernel has no room for is written to the channel. */
    private void send(ChannelHandlerContext ctx) {
        int n = batch.count();
        int done = 0;
        try {
            while (done < n) {
                int sent;
                try {
                    sent = batch.send(done);
                } catch (IOException | RuntimeException e) {
                    batch.take(done++).release(); // refused, as on the channel: this one fails, the rest go on
                    ctx.fireExceptionCaught(e);
                    continue;
                }
                if (sent == 0) {
                    break;
                }
                done += sent;
            }
            for (; done < n; done++) {
                ctx.write(batch.take(done), ctx.voidPromise());
            }
        } finally {
            batch.clear();
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        closeSocket();
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        closeSocket();
    }

    private void closeSocket() {
        if (batch != null) {
            batch.release();
            batch = null;
        }
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing the send-only socket", e);
            }
            socket = null;
        }
    }
}
