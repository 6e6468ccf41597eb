package io.cjp2p.node.runtime;

import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.pipeline.Refusal;
import io.cjp2p.node.support.CountingEvents;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline's behaviour, driven through EmbeddedChannels: with limits on a flood from one source
 * is refused before it is parsed, with limits off it is not; every channel keeps its own state.
 */
class NodePipelineTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 24254);
    private static final String JUNK = "not json";

    private final CountingEvents events = new CountingEvents();

    private NodePipeline pipeline(LimitsConfig limits) {
        return pipeline(limits, events);
    }

    private static NodePipeline pipeline(LimitsConfig limits, NodeEvents events) {
        return new NodePipeline(new PeerTable(10), new CandidateSet(10, 1), new CookieValidator(), new RoundTripProbes(),
                limits, events);
    }

    private static EmbeddedChannel channel(NodePipeline pipeline) {
        EmbeddedChannel ch = new EmbeddedChannel();
        pipeline.install(ch.pipeline());
        return ch;
    }

    private static void send(EmbeddedChannel ch, InetSocketAddress from, String text) {
        ch.writeInbound(new DatagramPacket(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), LOCAL, from));
    }

    /** Junk from one source: what its bucket admits reaches the decoder (and is dropped there), the rest is refused first. */
    @Test
    void limitsOnRefuseAFloodFromOneSourceBeforeItIsParsed() {
        EmbeddedChannel ch = channel(pipeline(LimitsConfig.DEFAULT));
        InetSocketAddress source = new InetSocketAddress("203.0.113.7", 4000);
        LimitsConfig.Rate rate = LimitsConfig.DEFAULT.unverifiedDatagrams();
        int flood = 500;
        long t0 = System.nanoTime();
        for (int i = 0; i < flood; i++) {
            send(ch, source, JUNK);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long admissible = rate.burst() + (long) Math.ceil(rate.perSecond() * seconds);
        long refused = events.refused(Refusal.RATE_LIMITED_SOURCE);
        assertTrue(refused >= flood - admissible, "refused " + refused + " of " + flood + "; " + events.summary());
        assertEquals(flood, refused + events.droppedTotal(), "each datagram refused or parsed, never both: "
                + events.summary());
        assertEquals(flood, events.received.sum());
        assertNull(ch.readOutbound(), "junk gets no reply");
        ch.finishAndReleaseAll();
    }

    @Test
    void limitsOffLetTheSameFloodThroughToTheDecoder() {
        EmbeddedChannel ch = channel(pipeline(LimitsConfig.OFF));
        InetSocketAddress source = new InetSocketAddress("203.0.113.7", 4000);
        int flood = 500;
        for (int i = 0; i < flood; i++) {
            send(ch, source, JUNK);
        }
        assertEquals(0, events.refusedTotal(), events.summary().toString());
        assertEquals(flood, events.droppedTotal(), "every datagram was parsed (and dropped as junk)");
        ch.finishAndReleaseAll();
    }

    /**
     * The limiter tables are the node's, not a channel's: with --threads N the kernel spreads one
     * IP's source ports over N sockets, and the source must not get N budgets.
     */
    @Test
    void aSourceOverItsBudgetOnOneChannelIsRefusedOnAnother() {
        NodePipeline p = pipeline(LimitsConfig.DEFAULT);
        EmbeddedChannel a = channel(p);
        EmbeddedChannel b = channel(p);
        InetSocketAddress source = new InetSocketAddress("203.0.113.7", 4000);
        LimitsConfig.Rate rate = LimitsConfig.DEFAULT.unverifiedDatagrams();
        long t0 = System.nanoTime();
        for (int i = 0; i < 2 * rate.burst(); i++) {
            send(a, source, JUNK);
        }
        long refusedOnA = events.refused(Refusal.RATE_LIMITED_SOURCE);
        assertTrue(refusedOnA > 0, events.summary().toString());
        int onB = 20;
        for (int i = 0; i < onB; i++) {
            send(b, source, JUNK);
        }
        // Per-channel tables would admit all 20 (a fresh burst of 40); shared ones only what the
        // rate refilled since the flood began.
        long refilled = 1 + (long) Math.ceil(rate.perSecond() * (System.nanoTime() - t0) / 1e9);
        long refusedOnB = events.refused(Refusal.RATE_LIMITED_SOURCE) - refusedOnA;
        assertTrue(refusedOnB >= onB - refilled, "refused on the other channel: " + refusedOnB + " of " + onB
                + " (" + refilled + " tokens refilled meanwhile)");
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    /**
     * The decoder, the cookie check and the dispatcher refill one envelope each per datagram. Two
     * channels driven at once from two threads, as two event loops drive them: one channel's
     * verified peer and the other's unverified sources, and every reply carries its own request's
     * echo, goes to its own sender, and has a cookie exactly when its sender is unverified.
     */
    @Test
    void twoChannelsAtOnceKeepTheirDatagramsApart() throws Exception {
        NodePipeline p = pipeline(LimitsConfig.OFF, NodeEvents.NONE);
        EmbeddedChannel verifiedChannel = channel(p);
        EmbeddedChannel unverifiedChannel = channel(p);
        InetSocketAddress peer = new InetSocketAddress("203.0.113.7", 4000);
        String hello = exchange(verifiedChannel, peer, "[{\"PleaseReturnThisMessage\":\"hello\"}]", peer);
        Matcher cookie = Pattern.compile("\\{\"PleaseAlwaysReturnThisMessage\":(.*?)\\}\\]$").matcher(hello);
        assertTrue(cookie.find(), hello);
        String proof = "{\"AlwaysReturned\":" + cookie.group(1) + "}";
        int rounds = 2_000;
        Callable<List<String>> verified = () -> {
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < rounds && wrong.size() < 5; i++) {
                String echo = "\"v" + i + "\"";
                String reply = exchange(verifiedChannel, peer, "[" + proof + ",{\"PleaseReturnThisMessage\":" + echo + "}]", peer);
                if (!reply.equals("[{\"ReturnedMessage\":" + echo + "}]")) {
                    wrong.add(reply);
                }
            }
            return wrong;
        };
        Callable<List<String>> unverified = () -> {
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < rounds && wrong.size() < 5; i++) {
                InetSocketAddress from = new InetSocketAddress("198.51.100." + (1 + i % 200), 5000 + i % 7);
                String echo = "\"u" + i + "\"";
                String reply = exchange(unverifiedChannel, from, "[{\"PleaseReturnThisMessage\":" + echo + "}]", from);
                if (!reply.startsWith("[{\"ReturnedMessage\":" + echo + "},{\"PleaseAlwaysReturnThisMessage\":")) {
                    wrong.add(reply);
                }
            }
            return wrong;
        };
        ExecutorService loops = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> v = loops.submit(verified);
            Future<List<String>> u = loops.submit(unverified);
            assertEquals(List.of(), v.get(), "replies to the verified peer");
            assertEquals(List.of(), u.get(), "replies to the unverified sources");
        } finally {
            loops.shutdownNow();
        }
        verifiedChannel.finishAndReleaseAll();
        unverifiedChannel.finishAndReleaseAll();
    }

    /**
     * The decoder, the cookie check and the dispatcher refill one envelope each for every datagram:
     * nothing of one datagram (its sender, its cookie, whether it was verified, its reply's length)
     * may reach the answer to the next.
     */
    @Test
    void consecutiveDatagramsOnOneChannelShareNothing() {
        EmbeddedChannel ch = channel(pipeline(LimitsConfig.OFF));
        InetSocketAddress a = new InetSocketAddress("203.0.113.7", 4000);
        InetSocketAddress b = new InetSocketAddress("198.51.100.9", 5000);

        String first = exchange(ch, a, "[{\"PleaseAlwaysReturnThisMessage\":{\"c\":\"fromA\"}},"
                + "{\"PleaseReturnThisMessage\":\"first\"}]", a);
        assertTrue(first.contains("\"first\"") && first.contains("fromA"), first);
        String second = exchange(ch, b, "[{\"PleaseReturnThisMessage\":\"second\"}]", b);
        assertTrue(second.contains("\"second\""), second);
        assertFalse(second.contains("first") || second.contains("fromA"), second);

        // A becomes verified with the cookie it was given, and gets the verified answer ...
        Matcher ours = Pattern.compile("\\{\"PleaseAlwaysReturnThisMessage\":(.*?)\\}\\]$").matcher(first);
        assertTrue(ours.find(), first);
        String verified = exchange(ch, a, "[{\"AlwaysReturned\":" + ours.group(1) + "},"
                + "{\"PleaseReturnThisMessage\":\"" + "v".repeat(300) + "\"}]", a);
        assertTrue(verified.contains("v".repeat(300)), verified);
        assertFalse(verified.contains("PleaseAlwaysReturnThisMessage"), "a verified reply carries no new cookie: " + verified);
        // ... and B, still unverified, right after it gets B's: our cookie again, and a short reply
        // whose length is its own, not the long one's before it.
        String third = exchange(ch, b, "[{\"PleaseReturnThisMessage\":\"third\"}]", b);
        assertTrue(third.startsWith("[{\"ReturnedMessage\":\"third\"}") && third.contains("PleaseAlwaysReturnThisMessage"),
                third);
        assertFalse(third.contains("v"), third);
        ch.finishAndReleaseAll();
    }

    private static String exchange(EmbeddedChannel ch, InetSocketAddress from, String request,
                                   InetSocketAddress expectedRecipient) {
        send(ch, from, request);
        ch.flushOutbound();
        DatagramPacket reply = ch.readOutbound();
        assertNotNull(reply, "no reply to " + request);
        assertNull(ch.readOutbound(), "one reply per request");
        try {
            assertEquals(expectedRecipient, reply.recipient());
            return reply.content().toString(StandardCharsets.UTF_8);
        } finally {
            reply.release();
        }
    }
}
