package io.cjp2p.node.content;

import java.util.concurrent.atomic.LongAdder;

/** What serving has done since start, for the metrics (every event loop adds to the same counters). */
public final class ContentCounters {
    final LongAdder bytesVerified = new LongAdder();
    final LongAdder bytesUnverified = new LongAdder();
    final LongAdder blocksVerified = new LongAdder();
    final LongAdder blocksUnverified = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder badIds = new LongAdder();
    final LongAdder trackerReplies = new LongAdder();
    final LongAdder listReplies = new LongAdder();
    final LongAdder readErrors = new LongAdder();
    final LongAdder httpBytes = new LongAdder();
    final LongAdder uploads = new LongAdder();

    /** Content bytes sent in UDP replies to verified ({@code true}) or unverified requesters. */
    public long bytesServed(boolean verified) {
        return (verified ? bytesVerified : bytesUnverified).sum();
    }

    /** Content replies sent to verified or unverified requesters. */
    public long blocksServed(boolean verified) {
        return (verified ? blocksVerified : blocksUnverified).sum();
    }

    /** Requests for a well-formed id this node does not hold. */
    public long misses() {
        return misses.sum();
    }

    /** Requests whose id is not one this node would ever serve (not 64 lowercase hex). */
    public long badIds() {
        return badIds.sum();
    }

    /** MaybeTheyHaveSome replies sent. */
    public long trackerReplies() {
        return trackerReplies.sum();
    }

    /** ContentList replies sent. */
    public long listReplies() {
        return listReplies.sum();
    }

    /** Reads of a held file that failed. */
    public long readErrors() {
        return readErrors.sum();
    }

    /** Bytes of objects sent over HTTP. */
    public long httpBytes() {
        return httpBytes.sum();
    }

    /** Objects stored by POST /upload. */
    public long uploads() {
        return uploads.sum();
    }

    public void httpServed(long bytes) {
        httpBytes.add(bytes);
    }

    public void uploaded() {
        uploads.increment();
    }
}
