package io.cjp2p.node.metrics;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.pipeline.MessageType;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.runtime.NodePipeline;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocalThread;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Per-datagram cost of the packet path with metrics off ({@link NodeEvents#NONE}) and on ({@link
 * NodeMetrics}), measured in the same JVM, interleaved, median of several rounds. Not a unit test:
 * run it by hand (docs/metrics.md has the command).
 *
 * <p>Each datagram goes through the node's real pipeline (the limits off) in an EmbeddedChannel; the request is an unverified PleaseSendPeers plus a
 * PleaseReturnThisMessage and an unknown message, which fires about ten metric events.
 */
public final class MetricsOverheadBenchmark {
    private static final byte[] REQUEST = ("[{\"PleaseSendPeers\":{}},{\"PleaseReturnThisMessage\":{\"cookie\":\"1\"}},"
            + "{\"Unknown\":{}}]").getBytes(StandardCharsets.UTF_8);
    private static final InetSocketAddress SENDER = new InetSocketAddress("127.0.0.1", 40_000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 24_254);

    public static void main(String[] args) throws InterruptedException {
        // On a Netty thread, as in the node: FastThreadLocal is an array index there, a ThreadLocal elsewhere.
        Thread t = new FastThreadLocalThread(() -> measure(args), "benchmark-loop");
        t.start();
        t.join();
    }

    private static void measure(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        EmbeddedChannel off = pipeline(NodeEvents.NONE);
        NodeMetrics metrics = new NodeMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        EmbeddedChannel on = pipeline(metrics);
        ByteBuf payload = Unpooled.directBuffer(REQUEST.length).writeBytes(REQUEST);
        // Warm-up: let the JIT compile both paths.
        for (int i = 0; i < 3; i++) {
            run(off, payload, perRound);
            run(on, payload, perRound);
        }
        double[] nsOff = new double[rounds];
        double[] nsOn = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // Interleaved, alternating which goes first, so that noise from other processes hits both.
            if (r % 2 == 0) {
                nsOff[r] = run(off, payload, perRound);
                nsOn[r] = run(on, payload, perRound);
            } else {
                nsOn[r] = run(on, payload, perRound);
                nsOff[r] = run(off, payload, perRound);
            }
            System.out.printf("round %d: metrics off %.1f ns/datagram, on %.1f ns/datagram%n", r + 1, nsOff[r], nsOn[r]);
        }
        double medOff = median(nsOff);
        double medOn = median(nsOn);
        double[] diff = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            diff[r] = nsOn[r] - nsOff[r];
        }
        System.out.printf("median of %d rounds x %d datagrams: off %.1f ns, on %.1f ns, ratio on/off %.3f%n",
                rounds, perRound, medOff, medOn, medOn / medOff);
        // On a shared machine the fastest round is the least disturbed one, and the paired difference
        // cancels noise that hit both halves of a round.
        System.out.printf("fastest round: off %.1f ns, on %.1f ns, ratio %.3f; median paired difference %+.1f ns%n",
                Arrays.stream(nsOff).min().orElseThrow(), Arrays.stream(nsOn).min().orElseThrow(),
                Arrays.stream(nsOn).min().orElseThrow() / Arrays.stream(nsOff).min().orElseThrow(), median(diff));
        // The events alone, without the pipeline around them: what one such datagram costs in counting.
        double[] eventsOnly = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            eventsOnly[r] = events(metrics, perRound * 10) - events(NodeEvents.NONE, perRound * 10);
        }
        System.out.printf("the ten events of one datagram alone: median %+.1f ns over NONE%n", median(eventsOnly));
        long counted = metrics.total(LoopCounters.DATAGRAMS_RECEIVED);
        System.out.printf("sanity: the metrics counted %d datagrams received%n", counted);
        payload.release();
        off.finishAndReleaseAll();
        on.finishAndReleaseAll();
    }

    private static EmbeddedChannel pipeline(NodeEvents events) {
        EmbeddedChannel ch = new EmbeddedChannel();
        new NodePipeline(new PeerTable(10_000), new CandidateSet(500, 60_000_000_000L), new CookieValidator(),
                new RoundTripProbes(), LimitsConfig.OFF, events).install(ch.pipeline());
        return ch;
    }

    /** Nanoseconds per datagram over {@code n} datagrams. */
    private static double run(EmbeddedChannel ch, ByteBuf payload, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ch.writeInbound(new DatagramPacket(payload.retainedDuplicate(), LOCAL, SENDER));
            Object out;
            while ((out = ch.readOutbound()) != null) {
                ReferenceCountUtil.release(out);
            }
        }
        return (System.nanoTime() - start) / (double) n;
    }

    /** Nanoseconds for the events that one request of this benchmark fires, averaged over {@code n}. */
    private static double events(NodeEvents e, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            e.datagramReceived(93);
            e.datagramValidated(false);
            e.messageReceived(MessageType.PLEASE_SEND_PEERS);
            e.messageReceived(MessageType.PLEASE_RETURN_THIS_MESSAGE);
            e.messageReceived(MessageType.OTHER);
            e.messageSent(MessageType.PEERS);
            e.messageSent(MessageType.RETURNED_MESSAGE);
            e.messageSent(MessageType.PLEASE_ALWAYS_RETURN_THIS_MESSAGE);
            e.datagramSent(120);
            e.datagramProcessed(1_500 + (i & 1023));
        }
        return (System.nanoTime() - start) / (double) n;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
