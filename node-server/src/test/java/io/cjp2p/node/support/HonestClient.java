package io.cjp2p.node.support;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.ReturnedMessage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A well-behaved peer on 127.0.0.1: does the cookie handshake (its own PleaseAlwaysReturnThisMessage,
 * our cookie read from the reply and returned as AlwaysReturned), then sends numbered echo requests
 * at a steady rate and counts the ReturnedMessage replies that come back.
 */
public final class HonestClient implements AutoCloseable {
    private final DatagramChannel channel;
    private final InetSocketAddress node;
    private final MessageDecoder decoder = new MessageDecoder();
    private RawJson nodeCookie;

    public HonestClient(InetSocketAddress node) throws IOException {
        this.node = node;
        this.channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.socket().setSoTimeout(2000);
    }

    /** The address the node sees this client at (and, after the handshake, keeps in its peer table). */
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Completes the handshake; afterwards every datagram we send is verified. */
    public void handshake() throws IOException {
        for (int attempt = 0; attempt < 5 && nodeCookie == null; attempt++) {
            send("[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"honest\"}},{\"PleaseSendPeers\":{}}]");
            List<Message> reply = receive();
            if (reply == null) {
                continue;
            }
            for (Message m : reply) {
                if (m instanceof PleaseAlwaysReturnThisMessage p) {
                    nodeCookie = p.body();
                }
            }
        }
        if (nodeCookie == null) {
            throw new IOException("no cookie from the node");
        }
        // The first verified datagram puts us in the peer table.
        int got = echo(20, 200, 500);
        if (got < 20) {
            throw new IOException("the verified echo did not work: " + got + "/20");
        }
    }

    /**
     * Sends {@code count} echo requests at {@code perSecond} and counts distinct replies, waiting
     * {@code graceMillis} after the last request.
     */
    public int echo(int count, int perSecond, long graceMillis) throws IOException {
        Echo e = startEcho(perSecond, count);
        try {
            e.sender.join();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return e.stop(graceMillis)[1];
    }

    /** Starts echoing at {@code perSecond} in the background, at most {@code max} requests. */
    public Echo startEcho(int perSecond, int max) {
        return startEcho(perSecond, max, 0);
    }

    /**
     * As {@link #startEcho(int, int)}, numbering requests from {@code firstSeq}: successive sessions
     * on one client use disjoint numbers, so a late reply to an earlier one is not counted.
     */
    public Echo startEcho(int perSecond, int max, long firstSeq) {
        Echo e = new Echo(perSecond, max, firstSeq);
        e.receiver.start();
        e.sender.start();
        return e;
    }

    /** A running echo session: numbered requests, each reply counted once, however late it comes. */
    public final class Echo {
        private final BitSet seen = new BitSet();
        private final AtomicBoolean stopSending = new AtomicBoolean();
        private final AtomicBoolean stopReceiving = new AtomicBoolean();
        private volatile int sent;
        private final Thread sender;
        private final Thread receiver;

        private Echo(int perSecond, int max, long firstSeq) {
            String cookie = new String(nodeCookie.toByteArray(), StandardCharsets.UTF_8);
            sender = new Thread(() -> {
                long start = System.nanoTime();
                long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
                for (int i = 0; i < max && !stopSending.get(); i++) {
                    long wait = start + i * interval - System.nanoTime();
                    if (wait > 0) {
                        sleepNanos(wait);
                    }
                    try {
                        send("[{\"AlwaysReturned\":" + cookie + "},{\"PleaseReturnThisMessage\":{\"seq\":" + (firstSeq + i) + "}}]");
                    } catch (IOException ex) {
                        return;
                    }
                    sent = i + 1;
                }
            }, "honest-sender");
            receiver = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(65536);
                while (!stopReceiving.get()) {
                    try {
                        List<Message> reply = receive(buf);
                        if (reply == null) {
                            continue;
                        }
                        for (Message m : reply) {
                            if (m instanceof ReturnedMessage r) {
                                String body = new String(r.body().toByteArray(), StandardCharsets.US_ASCII);
                                long seq = Long.parseLong(body.replaceAll("[^0-9]", "")) - firstSeq;
                                if (seq >= 0 && seq < Integer.MAX_VALUE) {
                                    synchronized (seen) {
                                        seen.set((int) seq);
                                    }
                                }
                            }
                        }
                    } catch (IOException | RuntimeException ex) {
                        return;
                    }
                }
            }, "honest-receiver");
            sender.setDaemon(true);
            receiver.setDaemon(true);
        }

        /** Stops sending, waits {@code graceMillis} for late replies, returns {sent, replies}. */
        public int[] stop(long graceMillis) {
            stopSending.set(true);
            try {
                sender.join();
                sleepNanos(TimeUnit.MILLISECONDS.toNanos(graceMillis));
                stopReceiving.set(true);
                receiver.join(3000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            synchronized (seen) {
                return new int[] {sent, seen.cardinality()};
            }
        }
    }

    private void send(String json) throws IOException {
        channel.send(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), node);
    }

    private List<Message> receive() throws IOException {
        return receive(ByteBuffer.allocate(65536));
    }

    /** One datagram from the node, or null on timeout. */
    private List<Message> receive(ByteBuffer buf) throws IOException {
        buf.clear();
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf.array(), buf.capacity());
        try {
            channel.socket().receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return decoder.decode(Arrays.copyOf(p.getData(), p.getLength()));
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
