package io.cjp2p.node.support;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.RawJson;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny peer on a loopback address of its own that keeps answering whichever node talks to it: it
 * returns the node's latest cookie and echoes each PleaseReturnThisMessage. It answers only datagrams
 * that ask for something (a cookie to return or a message to echo), and its answers ask for nothing,
 * so a node and an echo peer never ping-pong.
 */
public final class EchoPeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread loop;
    private final MessageDecoder decoder = new MessageDecoder();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile RawJson nodeCookie;

    public EchoPeer(InetAddress local) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(local, 0));
        loop = new Thread(this::serve, "echo-peer-" + local.getHostAddress());
        loop.setDaemon(true);
        loop.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Datagrams answered so far. */
    public int answered() {
        return answered.get();
    }

    /** Starts the cookie handshake with {@code node}; the loop completes it when the node's cookie arrives. */
    public void greet(InetSocketAddress node, String ownCookie) throws IOException {
        send(node, "[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"" + ownCookie + "\"}}]");
    }

    private void send(InetSocketAddress to, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, to));
    }

    private void serve() {
        byte[] buffer = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
                byte[] datagram = new byte[p.getLength()];
                System.arraycopy(p.getData(), p.getOffset(), datagram, 0, p.getLength());
                List<Message> messages = decoder.decode(datagram);
                StringBuilder reply = new StringBuilder();
                boolean asked = false;
                for (Message m : messages) {
                    if (m instanceof PleaseAlwaysReturnThisMessage c) {
                        nodeCookie = c.body();
                        asked = true;
                    }
                }
                for (Message m : messages) {
                    if (m instanceof PleaseReturnThisMessage r) {
                        reply.append(",{\"ReturnedMessage\":").append(r.body()).append('}');
                        asked = true;
                    }
                }
                RawJson cookie = nodeCookie;
                if (asked && cookie != null) {
                    answered.incrementAndGet(); // before the send: the node never sees an answer not yet counted
                    send((InetSocketAddress) p.getSocketAddress(), "[{\"AlwaysReturned\":" + cookie + "}" + reply + "]");
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                // a datagram it cannot read: a test peer ignores it, as a node would
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
