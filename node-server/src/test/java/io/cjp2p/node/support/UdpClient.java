package io.cjp2p.node.support;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.RawJson;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain blocking UDP socket on loopback that speaks to a node the way a script would. */
public final class UdpClient implements AutoCloseable {
    private static final MessageDecoder DECODER = new MessageDecoder();

    private final DatagramSocket socket;
    private final InetSocketAddress node;
    private final byte[] buffer = new byte[65_536];
    private RawJson nodeCookie;

    public UdpClient(InetSocketAddress node) throws IOException {
        this(node, InetAddress.getLoopbackAddress());
    }

    /** Binds to {@code local} (any 127.x.y.z works on Linux) so that tests can have many sources. */
    public UdpClient(InetSocketAddress node, InetAddress local) throws IOException {
        this.node = node;
        this.socket = new DatagramSocket(new InetSocketAddress(local, 0));
        this.socket.setSoTimeout(2000);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public void send(String json) throws IOException {
        send(json.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, node));
    }

    /** The next datagram's raw bytes, or {@code null} when none arrives within the timeout. */
    public byte[] receiveRaw(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        byte[] out = new byte[p.getLength()];
        System.arraycopy(p.getData(), p.getOffset(), out, 0, p.getLength());
        return out;
    }

    /** The next datagram decoded, or {@code null} on timeout. Remembers the node's cookie if present. */
    public List<Message> receive(int timeoutMillis) throws IOException {
        byte[] raw = receiveRaw(timeoutMillis);
        if (raw == null) {
            return null;
        }
        List<Message> messages = DECODER.decode(raw);
        for (Message m : messages) {
            if (m instanceof PleaseAlwaysReturnThisMessage p) {
                nodeCookie = p.body();
            }
        }
        return messages;
    }

    public List<Message> receive() throws IOException {
        return receive(2000);
    }

    /** Sends {@code json} and returns the reply; fails the test when none comes. */
    public List<Message> ask(String json) throws IOException {
        send(json);
        List<Message> reply = receiveReply(2000);
        if (reply == null) {
            throw new AssertionError("no reply to " + (json.length() > 200 ? json.substring(0, 200) + "…" : json));
        }
        return reply;
    }

    /**
     * The next datagram that is a reply, skipping the node's own maintenance probes (a node never
     * puts PleaseSendPeers or PleaseReturnThisMessage in a reply); {@code null} on timeout.
     */
    public List<Message> receiveReply(int timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
            List<Message> m = receive(left);
            if (m == null || (only(m, io.cjp2p.codec.PleaseSendPeers.class).isEmpty()
                    && only(m, io.cjp2p.codec.PleaseReturnThisMessage.class).isEmpty())) {
                return m;
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
        }
    }

    /**
     * Does the cookie handshake: sends our own cookie, reads the node's, so that {@link #verified}
     * can prefix requests with the node's cookie.
     */
    public UdpClient handshake(String ownCookie) throws IOException {
        ask("[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"" + ownCookie + "\"}}]");
        if (nodeCookie == null) {
            throw new AssertionError("the node sent no cookie");
        }
        return this;
    }

    public RawJson nodeCookie() {
        return nodeCookie;
    }

    /** {@code [AlwaysReturned{node's cookie}, <elements>]}. */
    public String verified(String elements) {
        return "[{\"AlwaysReturned\":" + nodeCookie + "}" + (elements.isEmpty() ? "" : "," + elements) + "]";
    }

    /** Drains datagrams that are already queued (probes from the node, say). */
    public List<List<Message>> drain(int timeoutMillis) throws IOException {
        List<List<Message>> all = new ArrayList<>();
        List<Message> m;
        while ((m = receive(timeoutMillis)) != null) {
            all.add(m);
        }
        return all;
    }

    @Override
    public void close() {
        socket.close();
    }

    public static <T extends Message> List<T> only(List<Message> messages, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Message m : messages) {
            if (type.isInstance(m)) {
                out.add(type.cast(m));
            }
        }
        return out;
    }

    public static boolean hasAlwaysReturned(List<Message> messages, String body) {
        return only(messages, AlwaysReturned.class).stream().anyMatch(a -> a.body().toString().equals(body));
    }
}
