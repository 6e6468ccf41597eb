package io.cjp2p.node.limit;

import io.cjp2p.node.support.Flood;
import io.cjp2p.node.support.HonestClient;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The soak benchmark's load (scripts/soak.sh runs it against a node process; not a test):
 * {@code SoakFlood <host> <port> <seconds>}. Mixed flood, in turns of 10 s: distinct forged sources,
 * junk, oversized datagrams; meanwhile an honest client that did the cookie handshake echoes at
 * 100/s, and every 10 s a line reports its echoes kept. Loopback only.
 */
public final class SoakFlood {
    private SoakFlood() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress node = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        if (!node.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback only");
        }
        long seconds = Long.parseLong(args[2]);
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService flooder = Executors.newSingleThreadExecutor();
        try (HonestClient honest = new HonestClient(node)) {
            honest.handshake(); // before the flood, as a peer that was there first
            java.util.concurrent.atomic.AtomicLong flooded = new java.util.concurrent.atomic.AtomicLong();
            flooder.submit(() -> {
                int turn = 0;
                while (!stop.get()) {
                    flooded.addAndGet(switch (turn++ % 3) {
                        case 0 -> Flood.distinctSources(node, 10 * rate, rate, stop);
                        case 1 -> Flood.fromSockets(node, 64, Flood.JUNK, 10 * rate, rate, stop);
                        default -> Flood.fromSockets(node, 16, Flood.OVERSIZED, 10 * rate / 10, rate / 10, stop);
                    });
                }
                return null;
            });
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long totalSent = 0;
            long totalGot = 0;
            for (int window = 1; System.nanoTime() < end; window++) {
                HonestClient.Echo echo = honest.startEcho(100, Integer.MAX_VALUE, window * 1_000_000L);
                Thread.sleep(9_500);
                int[] counts = echo.stop(500);
                totalSent += counts[0];
                totalGot += counts[1];
                System.out.printf("window %d: honest echoes %d/%d%n", window, counts[1], counts[0]);
            }
            System.out.printf("total: honest echoes %d/%d (%.2f%%); flood datagrams sent: %d%n", totalGot, totalSent,
                    100.0 * totalGot / totalSent, flooded.get());
        } finally {
            stop.set(true);
            flooder.shutdownNow();
        }
    }
}
