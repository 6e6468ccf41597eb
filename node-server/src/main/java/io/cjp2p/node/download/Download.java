package io.cjp2p.node.download;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine of one download: which block to ask whom, when a request is lost, what to do with a
 * Content that arrives, and what happens when the finished object does not hash to its id.
 *
 * <p>Pure logic over a {@link PartialFile}: time is passed in, requests leave through a
 * {@link RequestSink}, and the hash check is done by the caller ({@link #verified}). Methods are
 * synchronized: Contents of one object may arrive on several event loops at once (one socket each),
 * and the contention is only between those.
 *
 * <p>Every request asks for one 4096-byte block at an aligned offset, the only size the Rust and
 * Ruby servers answer in full. Loss is found two ways: a request still unanswered when a request to
 * the same source sent a quarter round trip later has been answered (as RACK does in TCP), and a
 * request older than the source's retransmission timeout. A lost block goes back to be asked again,
 * from whichever source has room first, so a fast source takes over what a slow one dropped.
 *
 * <p>Verification: each block remembers which source gave it. When the whole object does not match
 * its id and one source gave everything, that source is dropped; when several did, the one that gave
 * most is kept alone with its own blocks and fetches the rest itself, so the next check blames
 * exactly one source; if that one verifies, every other source whose blocks differ from it is
 * dropped too. A source is never blamed without evidence of its own.
 */
public final class Download {
    public enum Phase { SEARCHING, FETCHING, VERIFYING, DONE, FAILED }

    /**
     * The largest object fetched: its block tables take 10 bytes a block (40 MiB here), and the size
     * comes from the first source that answers, so it must not be able to claim a petabyte.
     */
    public static final long MAX_OBJECT_BYTES = 16L << 30;
    /** Sources one download keeps (all that answered plus candidates). */
    public static final int MAX_SOURCES = 64;
    /** Hash checks before giving up (each drops a source or narrows to one). */
    static final int MAX_VERIFICATIONS = 8;
    static final long PROBE_INTERVAL_NANOS = 500_000_000L;
    /** Short replies in a row (the 2x rule's tiny answers) before a source is given up as unusable. */
    static final int MAX_CONSECUTIVE_SHORT = 32;
    static final long FLUSH_INTERVAL_NANOS = 500_000_000L;
    private static final byte OUTSTANDING = 1;
    private static final byte SENT_BEFORE = 2;
    /** The outstanding request is not the block's first: its answer gives no round-trip sample. */
    private static final byte RETRANSMIT = 4;
    /** Owner of blocks found on disk at the start: the source is not known. */
    private static final byte EARLIER_RUN = -1;

    private final String id;
    private final PartialFile file;
    private final RequestSink sink;
    private final List<Source> sources = new ArrayList<>();
    private final Map<InetSocketAddress, Source> byAddress = new HashMap<>();
    private final Set<InetSocketAddress> banned = new HashSet<>();
    private final long startNanos;
    private Phase phase = Phase.SEARCHING;
    private String failure;

    private int blocks;
    private byte[] flags;
    /** Per block: the source asked (while outstanding) or the source that gave it (once present). */
    private byte[] owner;
    private long[] sentAt;
    /** Per block: the request that asked for it, so that the blocks of one multi-block request are known. */
    private int[] requestOf;
    private int requests;
    private int cursor;
    /** Where the end-game search for a block to ask again resumes. */
    private int stealCursor;
    private final IntQueue again = new IntQueue();
    /** The one source fetching alone after a mismatch among several, or -1. */
    private int isolated = -1;
    private int verifications;
    /**
     * After a mismatch among several sources: the checksum of each block a suspect gave, and who
     * gave it, so that the isolated source's blocks expose which suspects sent other bytes. Only
     * acted on once the object verifies (a bad isolated source would otherwise blame the honest).
     * CRC32C is enough: it only decides whom to blame, never which data to accept.
     */
    private long[] priorChecksum;
    private byte[] priorOwner;
    private int[] disagreements;
    /** Blocks present from the first one on, as far as last counted: what may be hashed already. */
    private int presentPrefix;
    private long lastProbeNanos;
    private boolean probedAll;
    private long lastFlushNanos;
    private long lastProgressNanos;

    private long bytesReceived;
    private long blocksRetransmitted;
    private long duplicates;
    private long timeouts;

    public Download(String id, PartialFile file, RequestSink sink, long nowNanos) {
        this.id = id;
        this.file = file;
        this.sink = sink;
        this.startNanos = nowNanos;
        this.lastProgressNanos = nowNanos;
        this.lastFlushNanos = nowNanos;
        this.lastProbeNanos = nowNanos;
        this.probedAll = true; // each source is asked as it is added
        if (file.bitmap() != null) {
            startFetching(file.bitmap(), true);
        }
    }

    public String id() {
        return id;
    }

    /** Adds a source (from --from, the peer table, MaybeTheyHaveSome or a stray Content); asks it at once. */
    public synchronized Source addSource(InetSocketAddress address, long nowNanos) {
        Source s = byAddress.get(address);
        if (s != null || banned.contains(address) || sources.size() >= MAX_SOURCES || finished()) {
            return s;
        }
        s = new Source(sources.size(), address);
        sources.add(s);
        byAddress.put(address, s);
        if (phase == Phase.SEARCHING) {
            sink.request(s, id, 0, BlockBitmap.BLOCK);
        } else if (phase == Phase.FETCHING) {
            fill(s, nowNanos);
        }
        sink.flush();
        return s;
    }

    /**
     * A Content for this object from {@code from}: {@code data} at {@code offset}, {@code eof} the
     * object's size or -1 when absent. Returns true when the object is now complete and needs its
     * hash check ({@link #verified}).
     */
    public synchronized boolean content(InetSocketAddress from, long offset, ByteBuffer data, long eof, long nowNanos) {
        if (finished() || phase == Phase.VERIFYING) {
            return false;
        }
        Source s = byAddress.get(from);
        if (s == null) {
            s = addSourceQuietly(from);
            if (s == null) {
                return false;
            }
        }
        if (s.dropped) {
            return false;
        }
        if (phase == Phase.SEARCHING) {
            if (eof < 0) {
                return false; // the size must come first: nothing else tells where the object ends
            }
            if (eof > MAX_OBJECT_BYTES) {
                drop(s, "said the object has " + eof + " bytes, more than the " + MAX_OBJECT_BYTES + " fetched");
                return false;
            }
            try {
                file.size(eof);
            } catch (IOException e) {
                fail("cannot size " + file.partPath() + ": " + e.getMessage());
                return false;
            }
            startFetching(file.bitmap(), false);
        } else if (eof >= 0 && eof != file.bitmap().size()) {
            drop(s, "said the object has " + eof + " bytes, not " + file.bitmap().size());
            return false;
        }
        s.lastHeardNanos = nowNanos;
        long size = file.bitmap().size();
        if (blocks == 0) {
            return complete(nowNanos);
        }
        if (offset < 0 || offset % BlockBitmap.BLOCK != 0 || offset >= size) {
            return false;
        }
        int block = (int) (offset / BlockBitmap.BLOCK);
        int expected = (int) Math.min(BlockBitmap.BLOCK, size - offset);
        boolean mine = (flags[block] & OUTSTANDING) != 0 && owner[block] == s.index;
        if (data.remaining() < expected) {
            // A cut reply (an unverified requester's share under the 2x rule): ask again, now with the cookie.
            if (mine) {
                release(block);
                flags[block] &= ~SENT_BEFORE; // answered, so asking again is no retransmission
                again.add(block);
            }
            if (++s.consecutiveShort > MAX_CONSECUTIVE_SHORT && !s.answered) {
                drop(s, "only ever sent cut replies");
            } else if (!s.answered) {
                probe(s, nowNanos); // it has sent its cookie with the cut reply: now it can send a block
            }
            fillAll(nowNanos);
            return false;
        }
        s.consecutiveShort = 0;
        if (!s.answered) {
            s.answered = true;
            s.requestBlocks = s.mayAskLarge() ? Source.LARGE_REQUEST_BLOCKS : 1;
        }
        // One answer may carry several blocks: our own nodes answer a multi-block request in one datagram.
        int request = mine ? requestOf[block] : -1;
        int first = block;
        while (block < blocks) {
            int length = (int) Math.min(BlockBitmap.BLOCK, size - (long) block * BlockBitmap.BLOCK);
            if (data.remaining() < length) {
                break;
            }
            ByteBuffer one = data.slice(data.position(), length);
            data.position(data.position() + length);
            if (!accept(s, block, one, nowNanos)) {
                return false;
            }
            block++;
        }
        // The rest of the same request, when the answer stopped short: this server sends fewer
        // blocks at a time (Rust and Ruby send one), so ask for them again, one by one. Not a loss.
        int covered = block - first;
        boolean cut = false;
        for (int b = block; mine && b < blocks && b < first + Source.LARGE_REQUEST_BLOCKS; b++) {
            if ((flags[b] & OUTSTANDING) == 0 || owner[b] != s.index || requestOf[b] != request) {
                break;
            }
            release(b);
            flags[b] &= ~SENT_BEFORE;
            again.add(b);
            cut = true;
        }
        if (cut) {
            s.requestBlocks = Math.max(1, covered);
        }
        detectLoss(s, nowNanos);
        if (file.bitmap().complete()) {
            return complete(nowNanos);
        }
        fill(s, nowNanos);
        sink.flush();
        return false;
    }

    /** One whole block from {@code s}: its request's round trip, then the data onto disk. False when the disk failed. */
    private boolean accept(Source s, int block, ByteBuffer data, long nowNanos) {
        if ((flags[block] & OUTSTANDING) != 0 && owner[block] == s.index) {
            long sent = sentAt[block];
            release(block);
            s.consecutiveTimeouts = 0;
            long rtt = nowNanos - sent;
            if ((flags[block] & RETRANSMIT) == 0) { // Karn's rule
                s.rtt.sample(rtt);
            }
            s.window.delivered(sent, s.rtt, nowNanos);
            s.latestDeliveredSent = Math.max(s.latestDeliveredSent, sent);
        } else if ((flags[block] & OUTSTANDING) != 0) {
            release(block); // asked again elsewhere after a loss, but this (late) answer is as good
        }
        if (file.bitmap().has(block)) {
            duplicates++;
            return true;
        }
        int length = data.remaining();
        if (priorChecksum != null && priorChecksum[block] != 0) {
            if (PartialFile.checksum(data) != priorChecksum[block]) {
                disagreements[priorOwner[block]]++;
            }
            priorChecksum[block] = 0;
        }
        try {
            file.write(block, data);
        } catch (IOException e) {
            fail("cannot write " + file.partPath() + ": " + e.getMessage());
            return false;
        }
        owner[block] = (byte) s.index;
        s.blocksDelivered++;
        s.bytesDelivered += length;
        bytesReceived += length;
        lastProgressNanos = nowNanos;
        return true;
    }

    /**
     * The timer: timeouts, probes while the object is not found yet, windows refilled. Returns a
     * bitmap to persist (off the packet path) when it is time to save one, else null.
     */
    public synchronized BlockBitmap tick(long nowNanos) {
        return tick(nowNanos, true);
    }

    /** {@link #tick(long)}, taking a bitmap to save only when {@code mayTakeBitmap}. */
    public synchronized BlockBitmap tick(long nowNanos, boolean mayTakeBitmap) {
        if (phase == Phase.SEARCHING) {
            if (!probedAll || nowNanos - lastProbeNanos >= PROBE_INTERVAL_NANOS) {
                lastProbeNanos = nowNanos;
                probedAll = true;
                for (Source s : sources) {
                    if (!s.dropped) {
                        sink.request(s, id, 0, BlockBitmap.BLOCK);
                    }
                }
                sink.flush();
            }
            return null;
        }
        if (phase != Phase.FETCHING) {
            return null;
        }
        for (Source s : sources) {
            if (!s.dropped) {
                expire(s, nowNanos);
            }
        }
        fillAll(nowNanos);
        if (mayTakeBitmap && nowNanos - lastFlushNanos >= FLUSH_INTERVAL_NANOS) {
            lastFlushNanos = nowNanos;
            return file.snapshot();
        }
        return null;
    }

    /**
     * The hash check's result for the object completed earlier. A match finishes the download; a
     * mismatch drops or isolates sources as the class comment says and fetches again.
     */
    public synchronized void verified(boolean matches, long nowNanos) {
        if (phase != Phase.VERIFYING) {
            return;
        }
        verifications++;
        if (matches) {
            phase = Phase.DONE;
            if (disagreements != null) {
                for (Source s : sources) {
                    if (disagreements[s.index] > 0 && !s.dropped) {
                        drop(s, disagreements[s.index] + " of its blocks differ from the verified object");
                    }
                }
            }
            return;
        }
        priorChecksum = null;
        disagreements = null;
        Map<Integer, Integer> given = new HashMap<>();
        for (int b = 0; b < blocks; b++) {
            given.merge((int) owner[b], 1, Integer::sum);
        }
        if (given.size() == 1) {
            int only = given.keySet().iterator().next();
            if (only != EARLIER_RUN) {
                drop(sources.get(only), "its blocks did not hash to the id");
            }
            forgetAll();
            isolated = -1;
        } else {
            // The earlier run's blocks (source unknown) are kept while others are suspected, so a
            // resumed download does not fetch them again; once they are the only other suspect, they go.
            boolean keepEarlier = given.containsKey((int) EARLIER_RUN) && given.size() > 2;
            int keep = -1;
            int most = -1;
            for (Map.Entry<Integer, Integer> e : given.entrySet()) {
                if (e.getKey() >= 0 && !sources.get(e.getKey()).dropped && e.getValue() > most) {
                    keep = e.getKey();
                    most = e.getValue();
                }
            }
            isolated = keep;
            priorChecksum = new long[blocks];
            priorOwner = new byte[blocks];
            disagreements = new int[MAX_SOURCES];
            for (int b = 0; b < blocks; b++) {
                if (owner[b] != keep && !(keepEarlier && owner[b] == EARLIER_RUN)) {
                    if (owner[b] >= 0) {
                        try {
                            priorChecksum[b] = file.blockChecksum(b);
                            priorOwner[b] = owner[b];
                        } catch (IOException e) {
                            priorChecksum[b] = 0; // no evidence, no blame
                        }
                    }
                    file.forget(b);
                }
            }
        }
        if (verifications >= MAX_VERIFICATIONS) {
            fail("the object did not match its id after " + verifications + " checks");
            return;
        }
        phase = Phase.FETCHING;
        cursor = 0;
        presentPrefix = 0;
        again.clear();
        fillAll(nowNanos);
    }

    private void forgetAll() {
        for (int b = 0; b < blocks; b++) {
            file.forget(b);
        }
    }

    private void startFetching(BlockBitmap bitmap, boolean resumed) {
        blocks = bitmap.blocks();
        flags = new byte[blocks];
        owner = new byte[blocks];
        sentAt = new long[blocks];
        requestOf = new int[blocks];
        if (resumed) {
            java.util.Arrays.fill(owner, EARLIER_RUN);
        }
        cursor = 0;
        presentPrefix = 0;
        phase = Phase.FETCHING;
    }

    /**
     * Bytes present from the start of the object not yet fed to its SHA-256: what {@link #hashPrefix}
     * would hash now.
     */
    public synchronized long unhashedPrefixBytes() {
        return prefixBytes() - file.hashedBytes();
    }

    /**
     * Hashes the blocks present from the start that are not hashed yet, so that the check of the
     * finished object has little left to read. On the download's file thread, without the lock
     * while reading; a block forgotten meanwhile voids the range ({@link PartialFile#hashUpTo}).
     */
    void hashPrefix() throws IOException {
        long end;
        int forgets;
        synchronized (this) {
            end = prefixBytes();
            forgets = file.forgets();
        }
        file.hashUpTo(end, forgets);
    }

    private long prefixBytes() {
        if (blocks == 0 || file.bitmap() == null) {
            return 0;
        }
        BlockBitmap bitmap = file.bitmap();
        while (presentPrefix < blocks && bitmap.has(presentPrefix)) {
            presentPrefix++;
        }
        return Math.min(bitmap.size(), (long) presentPrefix * BlockBitmap.BLOCK);
    }

    /** The source at this address, added without asking it anything when new; null when banned or full. */
    public synchronized Source sourceFor(InetSocketAddress from) {
        Source s = byAddress.get(from);
        return s != null ? s : addSourceQuietly(from);
    }

    private Source addSourceQuietly(InetSocketAddress from) {
        if (banned.contains(from) || sources.size() >= MAX_SOURCES) {
            return null;
        }
        Source s = new Source(sources.size(), from);
        sources.add(s);
        byAddress.put(from, s);
        return s;
    }

    /** Ends the outstanding request of a block, whoever it was to. */
    private void release(int block) {
        flags[block] &= ~OUTSTANDING;
        sources.get(owner[block]).inflight--;
    }

    /** Requests sent a quarter round trip before one already answered are lost (reordering allowance). */
    private void detectLoss(Source s, long nowNanos) {
        long allowance = Math.max(1_000_000L, Math.max(0, s.rtt.srttNanos()) / 4);
        while (s.ringSize > 0) {
            int block = s.ringBlock[s.ringHead];
            long sent = s.ringSent[s.ringHead];
            if (!live(s, block, sent)) {
                s.pop();
            } else if (sent + allowance < s.latestDeliveredSent) {
                s.pop();
                lost(s, block, sent, nowNanos);
            } else {
                break;
            }
        }
    }

    /** Requests older than the retransmission timeout are lost; many in a row collapse the window. */
    private void expire(Source s, long nowNanos) {
        long rto = s.rtt.rtoNanos();
        boolean any = false;
        while (s.ringSize > 0) {
            int block = s.ringBlock[s.ringHead];
            long sent = s.ringSent[s.ringHead];
            if (!live(s, block, sent)) {
                s.pop();
            } else if (nowNanos - sent > rto) {
                s.pop();
                lost(s, block, sent, nowNanos);
                timeouts++;
                any = true;
            } else {
                break;
            }
        }
        if (any) {
            s.rtt.timedOut();
            if (++s.consecutiveTimeouts >= 3) {
                s.window.collapsed(nowNanos);
            }
        }
    }

    private boolean live(Source s, int block, long sent) {
        return (flags[block] & OUTSTANDING) != 0 && owner[block] == s.index && sentAt[block] == sent;
    }

    private void lost(Source s, int block, long sent, long nowNanos) {
        release(block);
        if (++s.losses * 100 > s.blocksDelivered + 100) {
            s.requestBlocks = 1; // a lossy path: one lost datagram should not lose ten blocks
        }
        s.window.lost(sent, nowNanos);
        again.add(block);
    }

    private void fillAll(long nowNanos) {
        for (Source s : sources) {
            fill(s, nowNanos);
        }
        sink.flush();
    }

    private void fill(Source s, long nowNanos) {
        if (phase != Phase.FETCHING || s.dropped || (isolated >= 0 && s.index != isolated)) {
            return;
        }
        if (!s.answered) {
            // Until it sends a block, a source gets probes that hold no block: one that never answers
            // (a tracker, a node without the object) must not keep blocks from the sources that do.
            if (!s.probed || nowNanos - s.lastProbeNanos >= PROBE_INTERVAL_NANOS) {
                probe(s, nowNanos);
            }
            return;
        }
        while (s.inflight < s.allowed() && !s.ringFull()) {
            int block = nextBlock();
            if (block < 0) {
                block = steal(s, nowNanos);
                if (block < 0) {
                    return;
                }
            }
            // Fresh blocks that follow ride in the same request, for a source that answers several at once.
            int n = 1;
            while (n < s.requestBlocks && s.inflight + n < s.allowed() && s.ringSize + n < Source.RING
                    && cursor == block + n && cursor < blocks && !file.bitmap().has(cursor)
                    && (flags[cursor] & OUTSTANDING) == 0) {
                cursor++;
                n++;
            }
            send(s, block, n, nowNanos);
        }
    }

    /** Asks a source that has not sent a block yet for one, without making it the block's owner. */
    private void probe(Source s, long nowNanos) {
        s.lastProbeNanos = nowNanos;
        s.probed = true;
        while (cursor < blocks && (file.bitmap().has(cursor) || (flags[cursor] & OUTSTANDING) != 0)) {
            cursor++; // nextBlock would skip these too
        }
        int block = cursor < blocks ? cursor : anyMissing();
        if (block >= 0) {
            sink.request(s, id, (long) block * BlockBitmap.BLOCK, BlockBitmap.BLOCK);
        }
    }

    /** A block not on disk (asked of someone, or waiting to be asked again), or -1. */
    private int anyMissing() {
        for (int b = 0; b < blocks; b++) {
            if (!file.bitmap().has(b)) {
                return b;
            }
        }
        return -1;
    }

    /**
     * The end: nothing is left to ask for the first time, yet {@code s} has room. A block asked of
     * another source long enough ago (four of {@code s}'s round trips) is asked of {@code s} instead;
     * the first answer wins, so a stalled source does not hold the last blocks until its timeout.
     */
    private int steal(Source s, long nowNanos) {
        if (s.rtt.srttNanos() < 0 || nowNanos < s.noStealBeforeNanos) {
            return -1;
        }
        long age = Math.max(4 * s.rtt.srttNanos(), 2_000_000L);
        long oldest = Long.MAX_VALUE;
        for (int n = 0; n < blocks; n++) {
            int b = stealCursor;
            stealCursor = stealCursor + 1 == blocks ? 0 : stealCursor + 1;
            if ((flags[b] & OUTSTANDING) != 0 && owner[b] != s.index) {
                if (nowNanos - sentAt[b] > age) {
                    release(b);
                    return b;
                }
                oldest = Math.min(oldest, sentAt[b]);
            }
        }
        // None is old enough, and none gets so before the oldest does: the next look waits till then.
        // (A scan of every block for each reply at the end of a download was most of its last second.)
        s.noStealBeforeNanos = (oldest == Long.MAX_VALUE ? nowNanos : oldest) + age;
        return -1;
    }

    private int nextBlock() {
        while (!again.isEmpty()) {
            int b = again.poll();
            if (!file.bitmap().has(b) && (flags[b] & OUTSTANDING) == 0) {
                return b;
            }
        }
        while (cursor < blocks) {
            int b = cursor++;
            if (!file.bitmap().has(b) && (flags[b] & OUTSTANDING) == 0) {
                return b;
            }
        }
        return -1;
    }

    /** Asks {@code s} for {@code n} consecutive blocks from {@code first} in one request. */
    private void send(Source s, int first, int n, long nowNanos) {
        requests++;
        for (int block = first; block < first + n; block++) {
            requestOf[block] = requests;
            if ((flags[block] & SENT_BEFORE) != 0) {
                blocksRetransmitted++;
                flags[block] |= RETRANSMIT;
            } else {
                flags[block] &= ~RETRANSMIT;
            }
            flags[block] |= OUTSTANDING | SENT_BEFORE;
            owner[block] = (byte) s.index;
            sentAt[block] = nowNanos;
            s.inflight++;
            s.push(block, nowNanos);
        }
        sink.request(s, id, (long) first * BlockBitmap.BLOCK, n * BlockBitmap.BLOCK);
    }

    private boolean complete(long nowNanos) {
        phase = Phase.VERIFYING;
        lastProgressNanos = nowNanos;
        return true;
    }

    private void drop(Source s, String reason) {
        s.dropped = true;
        s.dropReason = reason;
        banned.add(s.address);
        for (int b = 0; b < blocks; b++) {
            if ((flags[b] & OUTSTANDING) != 0 && owner[b] == s.index) {
                release(b);
                again.add(b);
            }
        }
        if (isolated == s.index) {
            isolated = -1;
        }
    }

    private void fail(String why) {
        phase = Phase.FAILED;
        failure = why;
    }

    /** Gives up (no source found in time, or the caller is stopping). */
    public synchronized void abandon(String why) {
        if (!finished()) {
            fail(why);
        }
    }

    private boolean finished() {
        return phase == Phase.DONE || phase == Phase.FAILED;
    }

    public synchronized Phase phase() {
        return phase;
    }

    public synchronized String failure() {
        return failure;
    }

    /** The object's size, or -1 while no source has said it. */
    public synchronized long size() {
        return file.bitmap() == null ? -1 : file.bitmap().size();
    }

    public synchronized long bytesPresent() {
        return file.bitmap() == null ? 0 : file.bitmap().bytesPresent();
    }

    /** Bytes of new data received in this run (not counting duplicates). */
    public synchronized long bytesReceived() {
        return bytesReceived;
    }

    public synchronized long blocksRetransmitted() {
        return blocksRetransmitted;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized long timeouts() {
        return timeouts;
    }

    public synchronized long lastProgressNanos() {
        return lastProgressNanos;
    }

    public long startNanos() {
        return startNanos;
    }

    /** Sources that sent at least one block and are not dropped. */
    public synchronized int activeSources() {
        int n = 0;
        for (Source s : sources) {
            if (s.answered && !s.dropped) {
                n++;
            }
        }
        return n;
    }

    /** A copy of the source list (for reports; the sources themselves are read without the lock). */
    public synchronized List<Source> sources() {
        return List.copyOf(sources);
    }

    public synchronized Source source(InetSocketAddress address) {
        return byAddress.get(address);
    }

    PartialFile file() {
        return file;
    }

    /** Fails the download when a file operation elsewhere (saving, hashing) went wrong. */
    synchronized void ioFailed(IOException e) {
        fail(e.getMessage());
    }
}
