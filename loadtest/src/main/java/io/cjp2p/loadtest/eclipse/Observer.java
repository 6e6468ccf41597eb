package io.cjp2p.loadtest.eclipse;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.DecodeObserver;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.RawJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The newcomers the node exists for: each round a fresh client does the cookie handshake and asks
 * for peers (a full verified handout), and a few fresh clients ask without a cookie (one peer each).
 * Every client binds a new address, so the node has never seen it. Blocking sockets, one round at a
 * time, on the caller's thread.
 */
final class Observer {
    /** Fresh unverified clients per round. */
    static final int UNVERIFIED_PER_ROUND = 5;
    private static final int WAIT_MS = 1000;
    private static final int TRIES = 2;

    private final InetSocketAddress target;
    private final HandoutTally tally;
    private final MessageDecoder decoder = new MessageDecoder();
    private final byte[] buffer = new byte[65_535];
    private int verifiedClients;
    private int unverifiedClients;

    Observer(InetSocketAddress target, HandoutTally tally) {
        this.target = target;
        this.tally = tally;
    }

    /**
     * One fresh verified client's handout and up to {@link #UNVERIFIED_PER_ROUND} unverified picks,
     * into the tally; no client starts after {@code deadline} (System.nanoTime).
     */
    void round(long deadline) throws IOException {
        List<InetSocketAddress> handout = verifiedHandout(AddressPlan.clientIp(true, verifiedClients++));
        if (handout == null) {
            tally.verifiedMissed();
        } else {
            tally.verifiedHandout(handout);
        }
        for (int i = 0; i < UNVERIFIED_PER_ROUND && System.nanoTime() - deadline < 0; i++) {
            List<InetSocketAddress> pick = unverifiedHandout(AddressPlan.clientIp(false, unverifiedClients++));
            tally.unverifiedPick(pick == null || pick.isEmpty() ? null : pick.get(0));
        }
    }

    /** The Peers of a verified request, or {@code null} when the client could not get one. */
    private List<InetSocketAddress> verifiedHandout(InetAddress local) throws IOException {
        RawJson own = RawJson.of("{\"cookie\":\"eclipse-observer\"}");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
            List<Message> hello = ask(socket, List.of(PleaseSendPeers.INSTANCE, new PleaseAlwaysReturnThisMessage(own)),
                    m -> m instanceof PleaseAlwaysReturnThisMessage);
            if (hello == null) {
                return null;
            }
            RawJson cookie = find(hello, PleaseAlwaysReturnThisMessage.class).body();
            List<Message> reply = ask(socket, List.of(new AlwaysReturned(cookie), PleaseSendPeers.INSTANCE,
                    new PleaseAlwaysReturnThisMessage(own)), m -> m instanceof Peers);
            // A cookie offered again means the node did not take ours: that answer is the unverified one.
            if (reply == null || find(reply, PleaseAlwaysReturnThisMessage.class) != null) {
                return null;
            }
            return find(reply, Peers.class).peers();
        }
    }

    /** The Peers of a lone {@code [{"PleaseSendPeers":{}}]}, or {@code null} for no answer. */
    private List<InetSocketAddress> unverifiedHandout(InetAddress local) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
            List<Message> reply = ask(socket, List.of(PleaseSendPeers.INSTANCE), m -> m instanceof Peers);
            return reply == null ? null : find(reply, Peers.class).peers();
        }
    }

    /** Sends {@code request} until a datagram from the node has a message that {@code wanted} accepts. */
    private List<Message> ask(DatagramSocket socket, List<Message> request, Predicate<Message> wanted)
            throws IOException {
        ByteBuf buf = Unpooled.buffer(MessageEncoder.datagramLength(request));
        MessageEncoder.encode(request, buf);
        byte[] datagram = ByteBufUtil.getBytes(buf);
        for (int t = 0; t < TRIES; t++) {
            socket.send(new DatagramPacket(datagram, datagram.length, target));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            long left;
            while ((left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0) {
                socket.setSoTimeout((int) left);
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (!target.equals(p.getSocketAddress())) {
                    continue;
                }
                List<Message> messages = new ArrayList<>();
                if (decoder.decode(buffer, p.getLength(), messages, DecodeObserver.IGNORE) == null
                        && messages.stream().anyMatch(wanted)) {
                    return messages;
                }
            }
        }
        return null;
    }

    private static <T extends Message> T find(List<Message> messages, Class<T> type) {
        for (Message m : messages) {
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        return null;
    }
}
