package io.cjp2p.node.limit;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.ReturnedMessage;
import io.cjp2p.node.config.Bound;
import io.cjp2p.node.config.LimitsConfig.Rate;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.InboundDatagram;
import io.cjp2p.node.pipeline.OutboundDatagram;
import io.cjp2p.node.pipeline.Refusal;
import io.cjp2p.node.pipeline.ValidatedDatagram;
import io.cjp2p.node.support.CountingEvents;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitersTest {
    private final PeerTable peers = new PeerTable(100);
    private final CountingEvents events = new CountingEvents();
    private final LimitsConfig config = new LimitsConfig(true, 1024, new Rate(10, 20), new Rate(100, 200),
            new Rate(50, 50), new Rate(1000, 1000), new Rate(100_000, 100_000), new Rate(1_000_000, 10_000));
    private final Limiters limiters = new Limiters(config, peers, events);
    /** After the limiters were made: their shared bucket starts full at its creation time. */
    private final long T0 = System.nanoTime();

    /**
     * The largest tables a flag allows take at most half the heap the node is run with ({@code -Xmx}
     * in jvm.options), so the peer table and the rest have room; a larger bound would let a flag
     * start a node that dies of OutOfMemoryError.
     */
    @Test
    void theLargestTablesTakeAtMostHalfTheHeapOfJvmOptions() throws Exception {
        String xmx = Files.readAllLines(Path.of("jvm.options")).stream().map(String::strip)
                .filter(l -> l.startsWith("-Xmx")).findFirst().orElseThrow();
        assertTrue(xmx.matches("-Xmx[0-9]+[mM]"), xmx);
        long heap = Long.parseLong(xmx.substring(4, xmx.length() - 1)) << 20;
        int buckets = new BucketTable((int) Bound.LIMIT_TABLE_SIZE.max(), 1).capacity();
        assertEquals(Bound.LIMIT_TABLE_SIZE.max(), buckets, "the maximum is a power of two: no rounding up");
        long tables = (long) Limiters.TABLES * buckets * BucketTable.BYTES_PER_BUCKET;
        assertEquals(96L << 20, tables);
        assertTrue(tables <= heap / 2, tables + " bytes of tables in a heap of " + heap);
    }

    @Test
    void unverifiedSourceGetsItsBurstThenIsRefusedAndCounted() {
        EmbeddedChannel ch = new EmbeddedChannel(limiters.newInboundLimiter());
        InetSocketAddress src = new InetSocketAddress("198.51.100.1", 4000);
        int passed = 0;
        for (int i = 0; i < 100; i++) {
            DatagramPacket p = new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {'[', ']'}),
                    new InetSocketAddress("127.0.0.1", 1), src);
            ch.writeInbound(p);
            Object out = ch.readInbound();
            if (out != null) {
                passed++;
                ((DatagramPacket) out).release();
            } else {
                assertEquals(0, p.refCnt(), "a refused datagram is released");
            }
        }
        assertTrue(passed >= 20 && passed <= 21, "burst of 20, got " + passed);
        assertEquals(100 - passed, events.refused(Refusal.RATE_LIMITED_SOURCE));
        ch.finishAndReleaseAll();
    }

    @Test
    void everyChannelChargesTheSameSourceBudget() {
        // With --threads N the kernel spreads one IP's source ports over N sockets; the budget is one.
        EmbeddedChannel a = new EmbeddedChannel(limiters.newInboundLimiter());
        EmbeddedChannel b = new EmbeddedChannel(limiters.newInboundLimiter());
        int passed = 0;
        for (int i = 0; i < 100; i++) {
            EmbeddedChannel ch = i % 2 == 0 ? a : b;
            ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {'[', ']'}),
                    new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress("198.51.100.7", 4000 + i)));
            Object out = ch.readInbound();
            if (out != null) {
                passed++;
                ((DatagramPacket) out).release();
            }
        }
        assertTrue(passed >= 20 && passed <= 21, "one burst of 20 over both channels, got " + passed);
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    @Test
    void verifiedPeerGetsTheHigherRate() {
        InboundLimiter limiter = limiters.newInboundLimiter();
        InetSocketAddress peer = new InetSocketAddress("198.51.100.2", 4000);
        peers.verified(peer, T0);
        int passed = 0;
        for (int i = 0; i < 500; i++) {
            if (limiter.check(peer, 100, T0) == null) {
                passed++;
            }
        }
        assertEquals(200, passed);
    }

    @Test
    void aPeerOurDownloadAsksPassesOnceForEachRequest() {
        InboundLimiter limiter = limiters.newInboundLimiter();
        InetSocketAddress peer = new InetSocketAddress("192.0.2.77", 24254);
        PeerEntry entry = peers.verified(peer, T0);
        for (int i = 0; i < 2 * PeerEntry.MAX_EXPECTED_REPLIES; i++) {
            entry.expectReply(); // lost requests: the credit stops at its bound
        }
        for (int i = 0; i < PeerEntry.MAX_EXPECTED_REPLIES; i++) {
            assertNull(limiter.check(peer, 65_507, T0), "content answer " + i);
        }
        // the answers asked for are used up: the verified budget applies again, and it was not spent above
        int passed = 0;
        while (limiter.check(peer, 65_507, T0) == null) {
            passed++;
        }
        assertTrue(passed > 0 && passed < PeerEntry.MAX_EXPECTED_REPLIES, "limited again after " + passed);
    }

    @Test
    void largeDatagramsCostOneTokenPerStarted1500Bytes() {
        InboundLimiter limiter = limiters.newInboundLimiter();
        InetSocketAddress src = new InetSocketAddress("198.51.100.4", 4000);
        int passed = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.check(src, 65_507, T0) == null) {
                passed++;
            }
        }
        assertEquals(1, passed, "16 tokens each (capped), a burst of 20");
        InetSocketAddress other = new InetSocketAddress("198.51.100.5", 4000);
        assertNull(limiter.check(other, 1500, T0));
        assertNull(limiter.check(other, 3000, T0));
        int small = 0;
        while (limiter.check(other, 1, T0) == null) {
            small++;
        }
        assertEquals(20 - 1 - 2, small, "1500 bytes cost one token, 3000 two");
    }

    @Test
    void forgedSourcesSpreadOverAPrefixShareItsBudget() {
        InboundLimiter limiter = limiters.newInboundLimiter();
        int passed = 0;
        for (int i = 1; i < 255; i++) {
            if (limiter.check(new InetSocketAddress("198.51.100." + i, 4000), 100, T0) == null) {
                passed++;
            }
        }
        assertEquals(50, passed, "the /24's burst");
        assertNull(limiter.check(new InetSocketAddress("198.51.101.1", 4000), 100, T0), "the next /24 is not affected");
        // A verified peer inside the exhausted /24 is not starved by the forgers.
        InetSocketAddress peer = new InetSocketAddress("198.51.100.77", 5000);
        peers.verified(peer, T0);
        assertNull(limiter.check(peer, 100, T0));
    }

    @Test
    void repliesToAnUnverifiedSourceAreBudgetedInBytes() {
        ReplyLimiter limiter = limiters.newReplyLimiter();
        InetSocketAddress victim = new InetSocketAddress("198.51.100.3", 4000);
        ValidatedDatagram request = new ValidatedDatagram(new InboundDatagram(victim, List.of(), 100, T0),
                false, false, null, null);
        int sent = 0;
        for (int i = 0; i < 100; i++) {
            List<Message> reply = new ArrayList<>(List.of(new ReturnedMessage(RawJson.of("\"" + "x".repeat(60) + "\""))));
            if (limiter.check(new OutboundDatagram(victim, reply, request), T0) == null) {
                sent++;
            }
        }
        // Each reply: 85 bytes of payload + 28 of headers = 113; the burst is 1000 bytes.
        assertEquals(8, sent);
    }

    @Test
    void theGlobalCeilingKeepsRoomForVerifiedReplies() {
        ReplyLimiter limiter = limiters.newReplyLimiter();
        int unverifiedSent = 0;
        for (int i = 0; i < 1000; i++) {
            InetSocketAddress to = new InetSocketAddress("10.0." + (i / 250) + "." + (i % 250 + 1), 4000);
            ValidatedDatagram request = new ValidatedDatagram(new InboundDatagram(to, List.of(), 100, T0),
                    false, false, null, null);
            List<Message> reply = new ArrayList<>(List.of(new ReturnedMessage(RawJson.of("1"))));
            if (limiter.check(new OutboundDatagram(to, reply, request), T0) == null) {
                unverifiedSent++;
            }
        }
        assertTrue(events.refused.isEmpty());
        assertTrue(unverifiedSent < 1000 && unverifiedSent > 0, "unverified replies stop at half the burst");
        InetSocketAddress peer = new InetSocketAddress("198.51.100.9", 4000);
        ValidatedDatagram verified = new ValidatedDatagram(new InboundDatagram(peer, List.of(), 100, T0),
                true, false, null, null);
        assertNull(limiter.check(new OutboundDatagram(peer, new ArrayList<>(List.of(new ReturnedMessage(RawJson.of("1")))),
                verified), T0), "a verified reply still fits");
    }
}
