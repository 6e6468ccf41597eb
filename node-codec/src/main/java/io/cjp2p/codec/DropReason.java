package io.cjp2p.codec;

/** Why a whole datagram was dropped. Each one is a bounded metric label. */
public enum DropReason {
    /** Larger than the UDP maximum of 65 507 payload bytes. */
    TOO_LARGE("too_large"),
    /**
     * Not valid JSON: truncated, trailing garbage, a byte that is not UTF-8 outside every string (one
     * inside an element's string skips that element only, {@link SkipReason#BAD_UTF8}).
     */
    NOT_JSON("not_json"),
    /** Valid JSON whose top level is not an array. */
    NOT_ARRAY("not_array"),
    /** Nested deeper than the configured limit. */
    TOO_DEEP("too_deep"),
    /** More elements than the configured limit. */
    TOO_MANY_MESSAGES("too_many_messages"),
    /** A string or number longer than the configured limit. */
    TOKEN_TOO_LONG("token_too_long");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    /** The snake_case name used as a metric label. */
    public String label() {
        return label;
    }
}
