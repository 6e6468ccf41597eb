package io.cjp2p.node.download;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine against simulated sources: virtual time, replies delayed, lost, cut or corrupted on demand. */
class DownloadTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path state;

    /** A simulated server: its copy of the object, its delay, which replies it loses. */
    static final class SimSource {
        final InetSocketAddress address;
        final byte[] data;
        long delayNanos;
        final double loss;
        /** Replies to an unverified requester are cut to 32 bytes until this many have been sent. */
        int cutReplies;
        /** Time to serve one request: replies queue behind each other, as at a real server. */
        long serviceNanos;
        long busyUntil;
        /** The size it claims, when not its data's. */
        long eof = -1;
        /** The most bytes one answer carries: 4096 like Rust and Ruby, 40 960 like our nodes. */
        int maxReply = 4096;
        final Set<Long> asked = new HashSet<>();
        int requests;

        SimSource(int port, byte[] data, long delayNanos, double loss) {
            this.address = new InetSocketAddress("127.0.0.1", port);
            this.data = data;
            this.delayNanos = delayNanos;
            this.loss = loss;
        }
    }

    record Reply(long at, SimSource from, long offset, byte[] data, long eof) {
    }

    /** Runs requests through the simulated sources in virtual time. */
    static final class Sim implements RequestSink {
        final Map<InetSocketAddress, SimSource> sources = new HashMap<>();
        final PriorityQueue<Reply> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
        final Random random = new Random(7);
        long now;

        void add(SimSource s) {
            sources.put(s.address, s);
        }

        @Override
        public void request(Source source, String id, long offset, int length) {
            SimSource s = sources.get(source.address());
            if (s == null) {
                return;
            }
            s.requests++;
            s.asked.add(offset);
            if (random.nextDouble() < s.loss) {
                return;
            }
            int n = (int) Math.max(0, Math.min(Math.min(length, s.maxReply), s.data.length - offset));
            if (s.cutReplies > 0) {
                s.cutReplies--;
                n = Math.min(n, 32);
            }
            byte[] part = new byte[n];
            System.arraycopy(s.data, (int) offset, part, 0, n);
            s.busyUntil = Math.max(now, s.busyUntil) + s.serviceNanos;
            inFlight.add(new Reply(s.busyUntil + s.delayNanos, s, offset, part, s.eof >= 0 ? s.eof : s.data.length));
        }

        @Override
        public void flush() {
        }

        /** Runs until the download asks for its hash check or {@code limitNanos} of virtual time pass. */
        boolean run(Download d, long limitNanos) {
            long end = now + limitNanos;
            while (now < end) {
                Reply r = inFlight.peek();
                long next = Math.min(now + MS, r == null ? Long.MAX_VALUE : r.at);
                now = Math.max(now, next);
                while ((r = inFlight.peek()) != null && r.at <= now) {
                    inFlight.poll();
                    if (d.content(r.from.address, r.offset, ByteBuffer.wrap(r.data), r.eof, now)) {
                        return true;
                    }
                }
                d.tick(now);
            }
            return false;
        }
    }

    private static byte[] object(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Checks the hash as the node does and reports it to the engine. */
    private static boolean check(Download d, String id, Sim sim) throws IOException {
        boolean ok = d.file().sha256().equals(id);
        d.verified(ok, sim.now);
        return ok;
    }

    @Test
    void oneSourceInOrderGrowsTheWindowAndVerifies() throws Exception {
        byte[] data = object(300 * 4096 + 17, 1);
        String id = sha256(data);
        Sim sim = new Sim();
        SimSource a = new SimSource(1001, data, 2 * MS, 0);
        sim.add(a);
        Download d = new Download(id, PartialFile.open(state, id), sim, 0);
        d.addSource(a.address, 0);
        assertTrue(sim.run(d, 10_000 * MS));
        assertTrue(check(d, id, sim));
        assertEquals(Download.Phase.DONE, d.phase());
        assertEquals(data.length, d.bytesReceived());
        assertEquals(0, d.blocksRetransmitted());
        assertTrue(d.source(a.address).windowSize() > 32, "window " + d.source(a.address).windowSize());
        // the probe for block 0 brings block 0, then every other block is asked once
        assertEquals(301, a.requests);
    }

    @Test
    void aServerThatAnswersSeveralBlocksIsAskedForTenAtOnce() throws Exception {
        byte[] data = object(1000 * 4096 + 5, 11);
        String id = sha256(data);
        Sim sim = new Sim();
        SimSource ours = new SimSource(1001, data, 2 * MS, 0);
        ours.maxReply = 40_960;
        sim.add(ours);
        Download d = new Download(id, PartialFile.open(state, id), sim, 0);
        d.addSource(ours.address, 0);
        assertTrue(sim.run(d, 10_000 * MS));
        assertTrue(check(d, id, sim));
        assertTrue(ours.requests < 1001 / 5, ours.requests + " requests for 1001 blocks");
        assertEquals(0, d.blocksRetransmitted());
    }

    @Test
    void aServerThatAnswersOneBlockIsAskedOneAtATimeAfterItsFirstAnswer() throws Exception {
        byte[] data = object(200 * 4096, 12);
        String id = sha256(data);
        Sim sim = new Sim();
        SimSource rust = new SimSource(1001, data, 2 * MS, 0); // loopback, so a multi-block request is tried once
        sim.add(rust);
        Download d = new Download(id, PartialFile.open(state, id), sim, 0);
        d.addSource(rust.address, 0);
        assertTrue(sim.run(d, 10_000 * MS));
        assertTrue(check(d, id, sim));
        assertEquals(0, d.blocksRetransmitted());
        assertEquals(0, d.source(rust.address).losses());
        assertTrue(rust.requests <= 202, rust.requests + " requests for 200 blocks");
    }

    @Test
    void lostRepliesAreRetransmittedAndTheWindowBacksOff() throws Exception {
        byte[] data = object(2000 * 4096, 2);
        String id = sha256(data);
        Sim sim = new Sim();
        SimSource a = new SimSource(1001, data, 2 * MS, 0.05);
        sim.add(a);
        Download d = new Download(id, PartialFile.open(state, id), sim, 0);
        d.addSource(a.address, 0);
        assertTrue(sim.run(d, 60_000 * MS));
        assertTrue(check(d, id, sim));
        assertTrue(d.blocksRetransmitted() > 50, "retransmitted " + d.blocksRetransmitted());
        assertTrue(d.source(a.address).losses() > 50);
        assertTrue(d.source(a.address).window.decreases() > 5);
        assertTrue(d.source(a.address).windowSize() < CongestionWindow.MAX);
    }

    /** A download of {@code id} in {@code sim} from the two sources, both added to the simulation. */
    private Download fromBoth(Sim sim, String id, SimSource first, SimSource second) throws Exception {
        sim.add(first);
        sim.add(second);
        Download d = new Download(id, PartialFile.open(state, id), sim, 0);
        d.addSource(first.address, 0);
        d.addSource(second.address, 0);
        return d;
    }

    @Test
    void aFastSourceGetsMoreThanASlowLossyOne() throws Exception {
        byte[] data = object(3000 * 4096, 3);
        String id = sha256(data);
        Sim sim = new Sim();
        SimSource fast = new SimSource(1001, data, 1 * MS, 0);
        fast.serviceNanos = 20_000;
        SimSource slow = new SimSource(1002, data, 20 * MS, 0.1);
        slow.serviceNanos = 500_000;
        Download d = fromBoth(sim, id, fast, slow);
        assertTrue(sim.run(d, 60_000 * MS));
        assertTrue(check(d, id, sim));
        long f = d.source(fast.address).blocksDelivered();
        long s = d.source(slow.address).blocksDelivered();
        assertTrue(s > 0, "the slow source helped");
        assertTrue(f > 5 * s, "fast " + f + " vs slow " + s);
    }

    @Test
    void theLastBlocksOfAStalledSourceAreAskedOfAnotherLongBeforeItsTimeout() throws Exception {
        byte[] data = object(8000 * 4096, 5);
        String id = sha256(data);
        Sim sim = new Sim();
        SimSource fast = new SimSource(1001, data, 1 * MS, 0);
        fast.serviceNanos = 50_000;
        SimSource stalls = new SimSource(1002, data, 1 * MS, 0);
        stalls.serviceNanos = 50_000;
        Download d = fromBoth(sim, id, fast, stalls);
        assertFalse(sim.run(d, 10 * MS));
        assertTrue(d.source(stalls.address).blocksDelivered() > 0);
        stalls.delayNanos = 5_000 * MS; // its answers from now on come after every timeout (5 s without stealing)
        long stalled = sim.now;
        assertTrue(sim.run(d, 10_000 * MS));
        assertTrue(check(d, id, sim));
        assertTrue(sim.now - stalled < 1_000 * MS, "finished " + (sim.now - stalled) / MS + " ms after the stall");
    }

    @Test
    void cutRepliesAreAskedAgainWithoutCountingAsLoss() throws Exception {
        byte[] data = object(50 * 4096, 4);
        String id = sha256(data);
        Sim sim = new Sim();
        SimSource a = new SimSource(1001, data, 2 * MS, 0);
        a.cutReplies = 3;
        sim.add(a);
        Download d = new Download(id, PartialFile.open(state, id), sim, 0);
        d.addSource(a.address, 0);
        assertTrue(sim.run(d, 10_000 * MS));
        assertTrue(check(d, id, sim));
        assertEquals(0, d.blocksRetransmitted());
        assertEquals(0, d.source(a.address).losses());
    }

    @Test
    void aBadSourceAmongGoodOnesIsFoundAndDropped() throws Exception {
        byte[] data = object(400 * 4096, 5);
        String id = sha256(data);
        byte[] bad = data.clone();
        bad[123 * 4096 + 5] ^= 1;
        bad[321 * 4096] ^= 1;
        Sim sim = new Sim();
        SimSource good1 = new SimSource(1001, data, 2 * MS, 0);
        SimSource liar = new SimSource(1002, bad, 1 * MS, 0);
        SimSource good2 = new SimSource(1003, data, 3 * MS, 0);
        sim.add(good1);
        sim.add(liar);
        sim.add(good2);
        Download d = new Download(id, PartialFile.open(state, id), sim, 0);
        d.addSource(good1.address, 0);
        d.addSource(liar.address, 0);
        d.addSource(good2.address, 0);
        int checks = 0;
        while (d.phase() != Download.Phase.DONE && checks < 6) {
            assertTrue(sim.run(d, 60_000 * MS), "completes after " + checks + " checks");
            check(d, id, sim);
            checks++;
        }
        assertEquals(Download.Phase.DONE, d.phase());
        assertTrue(d.source(liar.address).dropped());
        assertFalse(d.source(good1.address).dropped());
        assertFalse(d.source(good2.address).dropped());
        assertTrue(checks <= 3, checks + " checks");
    }

    @Test
    void resumedBlocksAreNotAskedAgain() throws Exception {
        byte[] data = object(500 * 4096, 6);
        String id = sha256(data);
        Sim sim = new Sim();
        SimSource a = new SimSource(1001, data, 2 * MS, 0);
        sim.add(a);
        PartialFile first = PartialFile.open(state, id);
        Download d = new Download(id, first, sim, 0);
        d.addSource(a.address, 0);
        assertFalse(sim.run(d, 9 * MS)); // part of the way
        first.flush();
        first.close();
        BlockBitmap saved = BlockBitmap.load(state.resolve("incoming").resolve(id + ".bitmap"));
        assertTrue(saved.count() > 10 && saved.count() < 500, "saved " + saved.count());

        Sim again = new Sim();
        SimSource b = new SimSource(1002, data, 2 * MS, 0);
        again.add(b);
        Download resumed = new Download(id, PartialFile.open(state, id), again, 0);
        assertEquals(Download.Phase.FETCHING, resumed.phase());
        resumed.addSource(b.address, 0);
        assertTrue(again.run(resumed, 10_000 * MS));
        assertTrue(check(resumed, id, again));
        for (int block = 0; block < saved.blocks(); block++) {
            if (saved.has(block)) {
                assertFalse(b.asked.contains((long) block * 4096), "block " + block + " asked again");
            }
        }
        assertEquals(500 - saved.count(), b.requests);
        Path done = resumed.file().promote();
        assertTrue(java.util.Arrays.equals(data, Files.readAllBytes(done)));
        assertFalse(Files.exists(state.resolve("incoming").resolve(id + ".bitmap")));
    }

    @Test
    void aSourceClaimingAHugeObjectIsDroppedBeforeAnyTableIsMade() throws Exception {
        byte[] data = object(10 * 4096, 10);
        String id = sha256(data);
        Sim sim = new Sim();
        SimSource liar = new SimSource(1001, data, 1 * MS, 0);
        liar.eof = 1L << 50;
        SimSource honest = new SimSource(1002, data, 3 * MS, 0);
        sim.add(liar);
        sim.add(honest);
        Download d = new Download(id, PartialFile.open(state, id), sim, 0);
        d.addSource(liar.address, 0);
        d.addSource(honest.address, 0);
        assertTrue(sim.run(d, 10_000 * MS));
        assertTrue(check(d, id, sim));
        assertTrue(d.source(liar.address).dropped());
        assertEquals(data.length, d.size());
    }

    @Test
    void aSourceThatGivesAnotherSizeIsDropped() throws Exception {
        byte[] data = object(20 * 4096, 8);
        String id = sha256(data);
        Sim sim = new Sim();
        SimSource a = new SimSource(1001, data, 2 * MS, 0);
        SimSource other = new SimSource(1002, object(30 * 4096, 9), 5 * MS, 0);
        sim.add(a);
        sim.add(other);
        Download d = new Download(id, PartialFile.open(state, id), sim, 0);
        d.addSource(a.address, 0);
        d.addSource(other.address, 0);
        assertTrue(sim.run(d, 10_000 * MS));
        assertTrue(check(d, id, sim));
        assertTrue(d.source(other.address).dropped());
        List<Source> sources = new ArrayList<>(d.sources());
        assertEquals(2, sources.size());
    }
}
