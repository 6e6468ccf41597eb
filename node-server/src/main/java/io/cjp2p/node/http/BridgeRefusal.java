package io.cjp2p.node.http;

import java.util.Arrays;
import java.util.List;

/** Why the browser bridge refused a connection or a frame, or closed a page. Each one is a bounded metric label. */
public enum BridgeRefusal {
    /** A browser page whose Origin is no loopback host and not in --ws-allow-origin (403). */
    ORIGIN("origin"),
    /** A client that is not on loopback (403). */
    NOT_LOOPBACK("not_loopback"),
    /** The bridge already has its most clients (503). */
    TOO_MANY("too_many"),
    /** A frame over the page's frames-per-second budget: dropped. */
    RATE_LIMITED("rate_limited"),
    /** A frame that is no JSON message array, or breaks the WebSocket protocol or the frame size: skipped (closed for the latter). */
    BAD_FRAME("bad_frame"),
    /** A page that does not read what it is sent: closed before its queue passes the bound. */
    SLOW_READER("slow_reader");

    private final String label;

    BridgeRefusal(String label) {
        this.label = label;
    }

    /** The snake_case name used as a metric label. */
    public String label() {
        return label;
    }

    /** Every label, in declaration order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(BridgeRefusal::label).toList();
    }
}
