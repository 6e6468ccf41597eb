package io.cjp2p.loadtest.conformance;

import java.util.List;

/**
 * What one unverified request shape got back.
 *
 * @param request      the shape's name
 * @param requestBytes the request's UDP payload
 * @param replyBytes   the UDP payload of each reply datagram, in arrival order
 */
public record AmplificationRow(String request, int requestBytes, List<Integer> replyBytes) {
    public AmplificationRow {
        replyBytes = List.copyOf(replyBytes);
    }

    public double ratio() {
        return Amplification.ratio(requestBytes, replyBytes);
    }

    public boolean allowed() {
        return Amplification.allowed(requestBytes, replyBytes);
    }

    public int totalReplyBytes() {
        return replyBytes.stream().mapToInt(Integer::intValue).sum();
    }
}
