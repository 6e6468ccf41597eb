package io.cjp2p.node.pipeline;

/** Why a datagram was refused outside the codec; each is a {@code reason} label of the dropped counter. */
public enum Refusal {
    /** Port 0, multicast, broadcast or unspecified source: nothing honest sends from there. */
    BAD_SOURCE("bad_source"),
    /** A datagram claiming to come from the node's own socket address. */
    OWN_ADDRESS("own_address"),
    /** Over the inbound budget of its source IP. */
    RATE_LIMITED_SOURCE("rate_limited_source"),
    /** Over the unverified inbound budget of its IPv4 /24 or IPv6 /64. */
    RATE_LIMITED_PREFIX("rate_limited_prefix"),
    /** A reply over the byte budget of its recipient IP. */
    REPLY_BUDGET("reply_budget"),
    /** A reply over the node's global reply budget. */
    REPLY_CEILING("reply_ceiling");

    private final String label;

    Refusal(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
