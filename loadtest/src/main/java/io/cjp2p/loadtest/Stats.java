package io.cjp2p.loadtest;

import org.HdrHistogram.Histogram;

/**
 * Counters of one flooder run. Touched only by the flooder's single event loop, so plain fields.
 */
final class Stats {
    /** Up to 60 s in nanoseconds, 3 significant digits. */
    private static final long MAX_LATENCY_NANOS = 60_000_000_000L;

    long datagramsSent;
    long requestsSent;
    long replies;
    /** Replies that did not decode, or decoded but matched no outstanding request. */
    long badReplies;
    /** Replies that matched a request we had already counted as lost. */
    long lateReplies;
    long lost;
    long peersEntries;
    long sendErrors;
    /** Datagrams the node sent on its own (maintenance probes to verified peers). */
    long probesFromNode;
    /** Datagrams the node sent to forger sockets (forged-crypto): counted, never matched. */
    long repliesToForgeries;
    /** The first few bad replies, as text, so that a failing run says what went wrong. */
    final java.util.List<String> badSamples = new java.util.ArrayList<>();
    final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);

    // The progress line shows the last second only.
    long intervalSent;
    long intervalRequests;
    long intervalReplies;
    long intervalLost;
    final Histogram intervalLatency = new Histogram(MAX_LATENCY_NANOS, 3);

    /** Replies, after the warm-up, to requests sent during it: in no figure. */
    long warmupReplies;

    void recordReply(long latencyNanos, int peers) {
        replies++;
        intervalReplies++;
        peersEntries += peers;
        long v = Math.max(1, Math.min(latencyNanos, MAX_LATENCY_NANOS));
        latency.recordValue(v);
        intervalLatency.recordValue(v);
    }

    void sent(boolean request) {
        datagramsSent++;
        intervalSent++;
        if (request) {
            requestsSent++;
            intervalRequests++;
        }
    }

    void bad(byte[] data, int length, String why) {
        badReplies++;
        if (badSamples.size() < 3) {
            badSamples.add(why + ": " + new String(data, 0, Math.min(length, 300), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    void lost() {
        lost++;
        intervalLost++;
    }

    void resetInterval() {
        intervalSent = 0;
        intervalRequests = 0;
        intervalReplies = 0;
        intervalLost = 0;
        intervalLatency.reset();
    }

    /** The end of the warm-up: only what follows is measured. */
    void reset() {
        datagramsSent = 0;
        requestsSent = 0;
        replies = 0;
        badReplies = 0;
        lateReplies = 0;
        lost = 0;
        peersEntries = 0;
        sendErrors = 0;
        badSamples.clear();
        latency.reset();
        resetInterval();
    }
}
