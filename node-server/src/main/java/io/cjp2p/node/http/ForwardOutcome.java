package io.cjp2p.node.http;

import java.util.Arrays;
import java.util.List;

/** What became of a page's {@code Forward}. Each one is a bounded metric label. */
public enum ForwardOutcome {
    /** A datagram went out: to the key's known address, or raw to the address named. */
    SENT("sent"),
    /** The key's address is unknown: held while the node asks peers WhereAreThey. */
    QUEUED("queued"),
    /** A held Forward whose key was not found in time. */
    LOOKUP_FAILED("lookup_failed"),
    /** Not sent: a malformed Forward, an unusable key or address, our own key, or the hold queue full. */
    REFUSED("refused");

    private final String label;

    ForwardOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Every label, in declaration order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(ForwardOutcome::label).toList();
    }
}
