package io.cjp2p.node.content;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.ContentList;
import io.cjp2p.codec.Cookies;
import io.cjp2p.codec.DecoderLimits;
import io.cjp2p.codec.IJustSawThis;
import io.cjp2p.codec.MaybeTheyHaveSome;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseListContent;
import io.cjp2p.codec.PleaseSendContent;
import io.cjp2p.codec.RawJson;
import io.cjp2p.node.reply.AmplificationGuard;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers the content requests of one channel (PROTOCOL.md 6.2, 6.4, 6.6); one instance per
 * dispatcher, so it belongs to that channel's event loop and needs no locks.
 *
 * <ul>
 *   <li>PleaseSendContent for a held object: {@code Content{id, offset, base64, eof}} with the bytes
 *       from {@code offset}, as many as asked up to {@value ContentBlock#MAX_BYTES} for a verified
 *       requester (all requests of one datagram together); for an unverified one, as many as fit the
 *       2x rule next to the echo of its cookie and our own, so that an honest downloader verifies on
 *       its first reply. A request past the end gets empty data and {@code eof}.</li>
 *   <li>PleaseSendContent for anything else: the requester is noted in the tracker and, when
 *       others are known, told about them in MaybeTheyHaveSome (3 unverified, 48 verified).</li>
 *   <li>PleaseListContent: ContentList of held objects (2 unverified, 72 verified); none held, no reply.</li>
 *   <li>ContentList, IJustSawThis, YouShouldSeeThis from a verified sender: its ids are noted in the
 *       tracker (from an unverified one they would let a forger fill it at no cost).</li>
 * </ul>
 */
public final class ContentResponder implements AutoCloseable {
    static final int TRACKER_UNVERIFIED = 3;
    static final int TRACKER_VERIFIED = 48;
    static final int LIST_UNVERIFIED = 2;
    static final int LIST_VERIFIED = 72;
    /** Content replies one datagram may get; Rust sends one request per datagram. */
    static final int BLOCKS_PER_DATAGRAM = 4;
    private static final int OPEN_FILES = 16;
    /** Our PleaseAlwaysReturnThisMessage, the same size for every IP. */
    private static final int OUR_COOKIE_BYTES = MessageEncoder.encodedLength(
            new PleaseAlwaysReturnThisMessage(Cookies.hexBody(0)));

    private final ShareIndex index;
    private final ContentTracker tracker;
    private final ContentCounters counters;
    private final ContentBlock[] blocks = new ContentBlock[BLOCKS_PER_DATAGRAM];
    /** Open files by what they held when opened: a file replaced since is opened afresh. */
    private final LinkedHashMap<HeldObject, FileChannel> open = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<HeldObject, FileChannel> eldest) {
            if (size() > OPEN_FILES) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private int blocksUsed;
    private int bytesUsed;

    ContentResponder(ShareIndex index, ContentTracker tracker, ContentCounters counters) {
        this.index = index;
        this.tracker = tracker;
        this.counters = counters;
    }

    /** Whether this responder answers or takes note of {@code m}. */
    public static boolean handles(Message m) {
        return m instanceof PleaseSendContent || m instanceof PleaseListContent || m instanceof ContentList
                || m instanceof IJustSawThis;
    }

    /** Starts a datagram: the per-datagram allowances start over. */
    public void begin() {
        blocksUsed = 0;
        bytesUsed = 0;
    }

    /**
     * Answers {@code m}, appending to {@code answers}.
     *
     * @param requestSize the request's UDP payload size (the 2x rule's base)
     * @param theirCookie the cookie the datagram carried, echoed in a reply to an unverified source
     */
    public void handle(Message m, InetSocketAddress sender, boolean verified, int requestSize, RawJson theirCookie,
                       List<Message> answers) {
        long now = System.nanoTime();
        if (m instanceof PleaseSendContent r) {
            send(r, sender, verified, requestSize, theirCookie, answers, now);
        } else if (m instanceof PleaseListContent) {
            List<HeldObject> held = index.list(verified ? LIST_VERIFIED : LIST_UNVERIFIED);
            if (!held.isEmpty()) {
                List<ContentList.Entry> entries = new ArrayList<>(held.size());
                for (HeldObject h : held) {
                    entries.add(new ContentList.Entry(h.id(), h.size()));
                }
                answers.add(new ContentList(entries));
                counters.listReplies.increment();
            }
        } else if (m instanceof ContentList l && verified) {
            for (ContentList.Entry e : l.results()) {
                if (ContentId.isSha256(e.id())) {
                    tracker.record(e.id(), sender, true, now);
                }
            }
        } else if (m instanceof IJustSawThis s && verified && ContentId.isSha256(s.id())) {
            tracker.record(s.id(), sender, true, now);
        }
    }

    private void send(PleaseSendContent r, InetSocketAddress sender, boolean verified, int requestSize,
                      RawJson theirCookie, List<Message> answers, long now) {
        String id = r.id();
        if (!ContentId.isSha256(id)) {
            counters.badIds.increment(); // checked before anything touches the file system
            return;
        }
        HeldObject held = index.lookup(id);
        if (held == null) {
            counters.misses.increment();
            List<InetSocketAddress> others = tracker.sources(id, sender, verified ? TRACKER_VERIFIED : TRACKER_UNVERIFIED, now);
            tracker.record(id, sender, verified, now);
            if (!others.isEmpty()) {
                answers.add(new MaybeTheyHaveSome(id, others));
                counters.trackerReplies.increment();
            }
            return;
        }
        if (blocksUsed >= BLOCKS_PER_DATAGRAM) {
            return;
        }
        long offset = r.offset();
        long available = Math.max(0, held.size() - offset);
        int allowed = verified ? ContentBlock.MAX_BYTES - bytesUsed
                : unverifiedAllowance(id, offset, held.size(), requestSize, theirCookie, answers);
        if (allowed < 0) {
            return; // not even an empty Content fits the 2x rule next to the cookies
        }
        int want = (int) Math.min(Math.min(r.length(), available), allowed);
        ContentBlock block = blocks[blocksUsed];
        if (block == null) {
            block = blocks[blocksUsed] = new ContentBlock();
        }
        block.fill(id, offset, held.size());
        if (want > 0 && !read(held, offset, want, block)) {
            counters.readErrors.increment();
            return;
        }
        blocksUsed++;
        bytesUsed += block.data.readableBytes();
        answers.add(block);
        (verified ? counters.blocksVerified : counters.blocksUnverified).increment();
        (verified ? counters.bytesVerified : counters.bytesUnverified).add(block.data.readableBytes());
    }

    /**
     * The most data bytes a Content for an unverified requester may carry so that the reply, with
     * the echo of the requester's cookie and our own cookie, stays within the 2x rule
     * ({@link AmplificationGuard}); -1 when not even an empty one fits.
     */
    static int unverifiedAllowance(String id, long offset, long eof, int requestSize, RawJson theirCookie,
                                   List<Message> answers) {
        int budget = Math.min(AmplificationGuard.budget(requestSize), DecoderLimits.UDP_MAX_PAYLOAD);
        int used = MessageEncoder.datagramLength(answers);
        int others = answers.size();
        if (theirCookie != null) {
            used += MessageEncoder.encodedLength(new AlwaysReturned(theirCookie));
            others++;
        }
        used += (others > 0 ? 1 : 0) + MessageEncoder.contentLength(id, offset, 0, eof) + 1 + OUR_COOKIE_BYTES;
        int room = budget - used;
        return room < 0 ? -1 : room / 4 * 3;
    }

    /** Reads {@code want} bytes at {@code offset} into the block; fewer when the file is shorter now. */
    private boolean read(HeldObject held, long offset, int want, ContentBlock block) {
        try {
            FileChannel ch = open.get(held);
            if (ch == null || !ch.isOpen()) {
                ch = FileChannel.open(held.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                open.put(held, ch);
            }
            int done = 0;
            while (done < want) {
                int n = block.data.writeBytes(ch, offset + done, want - done); // a positional read
                if (n < 0) {
                    break;
                }
                done += n;
            }
            return true;
        } catch (IOException e) {
            closeQuietly(open.remove(held));
            return false;
        }
    }

    /** Closes the open files. */
    @Override
    public void close() {
        for (FileChannel ch : open.values()) {
            closeQuietly(ch);
        }
        open.clear();
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was written
            }
        }
    }
}
