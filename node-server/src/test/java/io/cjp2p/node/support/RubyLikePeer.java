package io.cjp2p.node.support;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.PeerAddress;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.RawJson;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A node that behaves on the wire like the Ruby reference (kermit4/cjp2p-ruby, {@code cjp2p.rb}):
 * every {@code interval} it sends a lone {@code [{"PleaseSendPeers":{}}]} to a random known peer; it
 * keeps the cookies sent to it, but cjp2p.rb returns them only with its content requests, which this
 * node never makes (with {@code returnsCookies}, it returns them with PleaseSendPeers too, as
 * PROTOCOL.md 4.7 describes the Ruby node); it learns every source and every
 * gossiped address; it answers PleaseSendPeers with all the peers it knows and
 * PleaseReturnThisMessage with a bare ReturnedMessage (never with a cookie), and it never sends a
 * cookie of its own or MyPublicKey.
 */
public final class RubyLikePeer implements AutoCloseable {
    private static final MessageDecoder DECODER = new MessageDecoder();

    private final DatagramSocket socket;
    private final long intervalMillis;
    private final boolean returnsCookies;
    private final Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();
    /** Cookies sent to us, by source, as the Ruby node's {@code $peer_returns}. */
    private final Map<InetSocketAddress, RawJson> returns = new ConcurrentHashMap<>();
    private final Random random = new Random(1);
    private final Thread loop;
    private volatile boolean running = true;

    public RubyLikePeer(InetSocketAddress bootstrap, long intervalMillis, boolean returnsCookies) throws IOException {
        this.returnsCookies = returnsCookies;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.intervalMillis = intervalMillis;
        peers.add(bootstrap);
        loop = new Thread(this::run, "ruby-like-peer");
        loop.setDaemon(true);
        loop.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Whether {@code from} sent us a cookie (PleaseAlwaysReturnThisMessage). */
    public boolean holdsCookieOf(InetSocketAddress from) {
        return returns.containsKey(from);
    }

    public Set<InetSocketAddress> knownPeers() {
        return Set.copyOf(peers);
    }

    private void run() {
        byte[] buffer = new byte[8192]; // recvfrom(8192), as in cjp2p.rb
        long lastRequest = 0;
        try {
            while (running) {
                long now = System.currentTimeMillis();
                if (now - lastRequest >= intervalMillis) {
                    lastRequest = now;
                    sendRequest();
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(1000, intervalMillis - (now - lastRequest))));
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                InetSocketAddress src = (InetSocketAddress) p.getSocketAddress();
                peers.add(src);
                byte[] data = new byte[p.getLength()];
                System.arraycopy(p.getData(), p.getOffset(), data, 0, p.getLength());
                handle(src, DECODER.decode(data));
            }
        } catch (SocketException closed) {
            // close() ends the loop
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void sendRequest() throws IOException {
        List<InetSocketAddress> known = new ArrayList<>(peers);
        InetSocketAddress to = known.get(random.nextInt(known.size()));
        RawJson cookie = returnsCookies ? returns.get(to) : null;
        send(to, cookie == null ? "[{\"PleaseSendPeers\":{}}]"
                : "[{\"PleaseSendPeers\":{}},{\"AlwaysReturned\":" + cookie + "}]");
    }

    private void handle(InetSocketAddress src, List<Message> messages) throws IOException {
        for (Message m : messages) {
            if (m instanceof PleaseSendPeers) {
                send(src, "[{\"Peers\":{\"peers\":[" + peers.stream().map(a -> "\"" + PeerAddress.format(a) + "\"")
                        .collect(Collectors.joining(",")) + "]}}]");
            } else if (m instanceof PleaseReturnThisMessage r) {
                send(src, "[{\"ReturnedMessage\":" + r.body() + "}]");
            } else if (m instanceof Peers gossip) {
                peers.addAll(gossip.peers());
            } else if (m instanceof PleaseAlwaysReturnThisMessage c) {
                returns.put(src, c.body());
            }
        }
    }

    private void send(InetSocketAddress to, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, to));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        socket.close();
        loop.join(2000);
    }
}
