package io.cjp2p.node.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Flood generators for loopback tests. They send to the node under test only (a loopback address).
 *
 * <p>Distinct sources: Linux routes all of 127.0.0.0/8 to lo, so binding a socket to 127.x.y.z
 * and sending from it gives a datagram whose source the node cannot tell from a forged one (what a
 * raw socket would do as root, without needing root).
 */
public final class Flood {
    /** A request that makes an unverified source cost the most: a cookie to echo, peers, a round trip. */
    static final byte[] REQUEST = ("[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"spoofed\"}},"
            + "{\"PleaseSendPeers\":{}},{\"PleaseReturnThisMessage\":{\"n\":1}}]").getBytes(StandardCharsets.US_ASCII);

    private Flood() {
    }

    /**
     * Sends one {@link #REQUEST} from each of {@code count} distinct 127.x.y.z addresses (never
     * 127.0.0.1, the honest client's), walking the space with a stride so that consecutive sources
     * land in different /24s, paced to {@code perSecond}.
     *
     * @return the number sent
     */
    public static long distinctSources(InetSocketAddress node, int count, int perSecond, AtomicBoolean stop)
            throws IOException {
        ByteBuffer payload = ByteBuffer.wrap(REQUEST);
        Pacer pacer = new Pacer(perSecond);
        long sent = 0;
        for (int i = 0; i < count && !stop.get(); i++) {
            // An odd multiplier permutes the 24-bit host part: every i gives another 127.x.y.z.
            int n = (int) ((i * 2_654_435_761L) & 0xFFFFFF);
            if (n <= 1 || n == 0xFFFFFF) {
                continue; // 127.0.0.0, the honest client's 127.0.0.1, 127.255.255.255
            }
            byte[] a = {127, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.bind(new InetSocketAddress(InetAddress.getByAddress(a), 0));
                payload.rewind();
                ch.send(payload, node);
                sent++;
            }
            pacer.pace(sent);
        }
        return sent;
    }

    /**
     * Sends {@code count} datagrams of {@code kind} from {@code sources} sockets, round robin, paced.
     * The sockets are bound to 127.9.x.y from 127.9.0.2 on: up to 254 sources share the /24 127.9.0.0.
     */
    public static long fromSockets(InetSocketAddress node, int sources, Payloads kind, int count, int perSecond,
                            AtomicBoolean stop) throws IOException {
        DatagramChannel[] channels = new DatagramChannel[sources];
        try {
            for (int i = 0; i < sources; i++) {
                channels[i] = DatagramChannel.open();
                channels[i].bind(new InetSocketAddress(InetAddress.getByAddress(
                        new byte[] {127, 9, (byte) (i >>> 8), (byte) (i + 2)}), 0));
            }
            Pacer pacer = new Pacer(perSecond);
            Random random = new Random(42);
            long sent = 0;
            for (int i = 0; i < count && !stop.get(); i++) {
                channels[i % sources].send(ByteBuffer.wrap(kind.next(random, i)), node);
                sent++;
                pacer.pace(sent);
            }
            return sent;
        } finally {
            for (DatagramChannel c : channels) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }

    /** What a flood carries. */
    public interface Payloads {
        byte[] next(Random random, int i);
    }

    /** The full {@link #REQUEST}, every time. */
    public static final Payloads REQUESTS = (random, i) -> REQUEST;

    /** Junk: random bytes, truncated or broken JSON, wrong top-level types, deep nesting. */
    public static final Payloads JUNK = (random, i) -> {
        switch (i % 6) {
            case 0: {
                byte[] b = new byte[1 + random.nextInt(1400)];
                random.nextBytes(b);
                return b;
            }
            case 1:
                return "[{\"PleaseSendPeers\":{".getBytes(StandardCharsets.US_ASCII);
            case 2:
                return "{\"PleaseSendPeers\":{}}".getBytes(StandardCharsets.US_ASCII);
            case 3:
                return "[".repeat(200).getBytes(StandardCharsets.US_ASCII);
            case 4:
                return "[{\"Peers\":{\"peers\":[\"1.2.3.4:0\",\"x\",\"[::1]:99999\"]}},1,\"a\",{}]x"
                        .getBytes(StandardCharsets.US_ASCII);
            default:
                return "\uFEFF[]".getBytes(StandardCharsets.UTF_8);
        }
    };

    /** The largest UDP payloads (65 507 bytes): a huge echo body, one huge string, random bytes. */
    public static final Payloads OVERSIZED = new Payloads() {
        private final byte[][] shapes = shapes();

        @Override
        public byte[] next(Random random, int i) {
            return shapes[i % shapes.length];
        }

        private byte[][] shapes() {
            int max = 65_507;
            String prefix = "[{\"PleaseReturnThisMessage\":\"";
            String big = prefix + "a".repeat(max - prefix.length() - 3) + "\"}]";
            String many = "[" + "{\"PleaseSendPeers\":{}},".repeat(2800);
            many = many.substring(0, Math.min(many.length(), max - 1)) + "]";
            byte[] random = new byte[max];
            new Random(7).nextBytes(random);
            return new byte[][] {big.getBytes(StandardCharsets.US_ASCII), many.getBytes(StandardCharsets.US_ASCII),
                    random};
        }
    };

    /** Keeps a sender at a steady rate. */
    public static final class Pacer {
        private final long start = System.nanoTime();
        private final long interval;

        public Pacer(int perSecond) {
            this.interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        }

        public void pace(long sent) {
            long wait = start + sent * interval - System.nanoTime();
            if (wait > 200_000) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
