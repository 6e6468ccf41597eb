package io.cjp2p.node.metrics;

import io.cjp2p.codec.DropReason;
import io.cjp2p.codec.SkipReason;
import io.cjp2p.node.peer.RoundTripRejection;
import io.cjp2p.node.pipeline.IdentityEvent;
import io.cjp2p.node.pipeline.MessageType;
import io.cjp2p.node.pipeline.Refusal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters of one event loop: a flat array of longs with a single writer (the loop's thread),
 * summed over all loops at scrape time.
 *
 * <p>Why not LongAdder or Micrometer counters: those are built for many writers and pay for it with
 * CAS and cell striping; here each loop owns its counters, so an increment is a plain add. The write
 * is an opaque store, which on x86 and ARM compiles to an ordinary store but guarantees that the
 * scraping thread reads whole, eventually-current values. Padding at both ends keeps two loops'
 * arrays off each other's cache lines.
 */
final class LoopCounters {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PAD = 16;

    static final int DATAGRAMS_RECEIVED = PAD;
    static final int BYTES_RECEIVED = DATAGRAMS_RECEIVED + 1;
    static final int DATAGRAMS_SENT = BYTES_RECEIVED + 1;
    static final int BYTES_SENT = DATAGRAMS_SENT + 1;
    static final int VERIFIED = BYTES_SENT + 1;
    static final int UNVERIFIED = VERIFIED + 1;
    static final int REPLIES_TRIMMED = UNVERIFIED + 1;
    static final int MESSAGES_TRIMMED = REPLIES_TRIMMED + 1;
    static final int MESSAGES_RECEIVED = MESSAGES_TRIMMED + 1;
    static final int MESSAGES_SENT = MESSAGES_RECEIVED + MessageType.values().length;
    static final int SKIPPED = MESSAGES_SENT + MessageType.values().length;
    static final int DROPPED = SKIPPED + SkipReason.values().length;
    /** Datagrams refused outside the codec, by {@link Refusal}. */
    static final int REFUSED = DROPPED + DropReason.values().length;
    /** ReturnedMessages of verified peers that gave no round trip, by {@link RoundTripRejection}. */
    static final int ROUND_TRIPS_REJECTED = REFUSED + Refusal.values().length;
    /** What happened to identity messages, by {@link IdentityEvent}. */
    static final int IDENTITY = ROUND_TRIPS_REJECTED + RoundTripRejection.values().length;
    /** Round-trip histogram: bucket counts (the last one +Inf), then the sum in nanoseconds. */
    static final int RTT_BUCKETS = IDENTITY + IdentityEvent.values().length;
    static final int RTT_SUM = RTT_BUCKETS + Buckets.ROUND_TRIP.bounds() + 1;
    static final int PROCESSING_BUCKETS = RTT_SUM + 1;
    static final int PROCESSING_SUM = PROCESSING_BUCKETS + Buckets.PROCESSING.bounds() + 1;
    static final int LENGTH = PROCESSING_SUM + 1 + PAD;

    private final long[] slots = new long[LENGTH];

    /**
     * Called only by the owning loop's thread. A release store costs a plain store on x86 and keeps
     * the order of events: a scrape that sees a later count also sees every earlier one.
     */
    void add(int slot, long delta) {
        SLOT.setRelease(slots, slot, slots[slot] + delta);
    }

    void increment(int slot) {
        SLOT.setRelease(slots, slot, slots[slot] + 1);
    }

    /** Safe from any thread. */
    long read(int slot) {
        return (long) SLOT.getAcquire(slots, slot);
    }
}
