package io.cjp2p.loadtest.conformance;

import java.util.List;

/**
 * The amplification arithmetic. A node must not answer a source it has not verified with more
 * than twice the bytes it received, headers included (draft-04 makes 2x a MUST): with 28 bytes of
 * IPv4+UDP header counted for every datagram, {@code sum(reply + 28) <= 2 * (request + 28)}.
 */
public final class Amplification {
    public static final int HEADER_BYTES = 28;
    public static final double LIMIT = 2.0;

    private Amplification() {
    }

    /** {@code sum(reply + 28) / (request + 28)}; 0 when nothing came back. */
    public static double ratio(int requestBytes, List<Integer> replyBytes) {
        return (double) onWire(replyBytes) / (requestBytes + HEADER_BYTES);
    }

    /** Decided in whole bytes, so that a reply of exactly twice the request passes. */
    public static boolean allowed(int requestBytes, List<Integer> replyBytes) {
        return onWire(replyBytes) <= (long) LIMIT * (requestBytes + HEADER_BYTES);
    }

    private static long onWire(List<Integer> replyBytes) {
        long sum = 0;
        for (int r : replyBytes) {
            sum += r + HEADER_BYTES;
        }
        return sum;
    }
}
