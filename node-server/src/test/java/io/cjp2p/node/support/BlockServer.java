package io.cjp2p.node.support;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.ByteString;
import io.cjp2p.codec.Content;
import io.cjp2p.codec.Cookies;
import io.cjp2p.codec.MaybeTheyHaveSome;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseSendContent;
import io.cjp2p.codec.RawJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A content server in test code that answers as the Rust node does (PROTOCOL.md 6.2, 6.4, 3.4):
 * Content with {@code eof}, up to 40 960 bytes for a requester that returned its cookie, 32 bytes
 * plus its cookie for one that did not, MaybeTheyHaveSome for an id it lacks. It can lie: with
 * {@link #corrupt} set, the first byte of every 64th block (block 7, 71, ...) it sends is flipped.
 */
public final class BlockServer implements AutoCloseable {
    private static final int VERIFIED_MAX = 40_960;
    private static final int UNVERIFIED_MAX = 32;

    private final DatagramSocket socket;
    private final String id;
    private final FileChannel file;
    private final long size;
    private final RawJson cookie = Cookies.hexBody(0x5eed_c0de_1234_5678L);
    private final Thread thread;
    private final List<InetSocketAddress> tracker = new ArrayList<>();
    /** Offsets asked for, for tests that check what is not asked again. */
    public final Set<Long> asked = ConcurrentHashMap.newKeySet();
    public final AtomicLong requests = new AtomicLong();
    /** Whole blocks sent (an answer of 40 960 bytes counts ten). */
    public final AtomicLong fullBlocksSent = new AtomicLong();
    public volatile boolean corrupt;
    /** A pause before each reply: a slow server. */
    public volatile long replyDelayMicros;

    public BlockServer(String id, Path object) throws IOException {
        this.id = id;
        this.file = FileChannel.open(object, StandardOpenOption.READ);
        this.size = file.size();
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(4 << 20);
        socket.setSendBufferSize(4 << 20);
        this.thread = new Thread(this::serve, "block-server-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Whom to name in MaybeTheyHaveSome when asked for another id. */
    public BlockServer tracker(InetSocketAddress... peers) {
        tracker.addAll(List.of(peers));
        return this;
    }

    private void serve() {
        MessageDecoder decoder = new MessageDecoder();
        byte[] in = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(in, in.length);
        ByteBuf out = Unpooled.buffer(65_536);
        while (!socket.isClosed()) {
            try {
                packet.setData(in);
                socket.receive(packet);
                List<Message> messages = decoder.decode(java.util.Arrays.copyOf(in, packet.getLength()));
                boolean verified = false;
                RawJson theirs = null;
                for (Message m : messages) {
                    if (m instanceof AlwaysReturned a && a.body().equals(cookie)) {
                        verified = true;
                    } else if (m instanceof PleaseAlwaysReturnThisMessage p) {
                        theirs = p.body();
                    }
                }
                List<Message> reply = new ArrayList<>();
                for (Message m : messages) {
                    if (m instanceof PleaseSendContent p) {
                        answer(p, verified, reply);
                    }
                }
                if (reply.isEmpty()) {
                    continue;
                }
                if (!verified) {
                    reply.add(new PleaseAlwaysReturnThisMessage(cookie));
                    if (theirs != null) {
                        reply.add(new AlwaysReturned(theirs));
                    }
                }
                if (replyDelayMicros > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(replyDelayMicros * 1000);
                }
                out.clear();
                MessageEncoder.encode(reply, out);
                socket.send(new DatagramPacket(out.array(), out.arrayOffset(), out.readableBytes(), packet.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                // a test server: a bad datagram is skipped
            }
        }
    }

    private void answer(PleaseSendContent p, boolean verified, List<Message> reply) throws IOException {
        requests.incrementAndGet();
        if (!p.id().equals(id)) {
            if (!tracker.isEmpty()) {
                reply.add(new MaybeTheyHaveSome(p.id(), tracker));
            }
            return;
        }
        asked.add(p.offset());
        long n = Math.max(0, Math.min(Math.min(p.length(), verified ? VERIFIED_MAX : UNVERIFIED_MAX), size - p.offset()));
        ByteBuffer data = ByteBuffer.allocate((int) n);
        while (data.hasRemaining() && file.read(data, p.offset() + data.position()) > 0) {
            // read fully
        }
        byte[] bytes = data.array();
        for (int at = 0; at < bytes.length; at += 4096) {
            long block = (p.offset() + at) / 4096;
            if (corrupt && block % 64 == 7) {
                bytes[at] ^= 0x55;
            }
            if (at + 4096 <= bytes.length || p.offset() + n == size) {
                fullBlocksSent.incrementAndGet(); // a whole block, or the last one
            }
        }
        reply.add(new Content(id, p.offset(), ByteString.of(bytes), size));
    }

    @Override
    public void close() throws IOException {
        socket.close();
        file.close();
    }
}
