package io.cjp2p.codec;

/** Why one element (or one entry inside an element) was skipped while the rest of the datagram was kept. */
public enum SkipReason {
    /** The element is not a JSON object (a bare string, number, array …). */
    NOT_AN_OBJECT("not_an_object"),
    /** The element object has zero keys or more than one. */
    NOT_ONE_KEY("not_one_key"),
    /** A known message whose body has the wrong shape (missing field, wrong type, null). */
    BAD_BODY("bad_body"),
    /** One entry of a {@code Peers} list that is not a literal socket address. */
    BAD_PEER_ADDRESS("bad_peer_address"),
    /** Bytes in the element (in a name or a string) that are not well-formed UTF-8: never echoed. */
    BAD_UTF8("bad_utf8");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    /** The snake_case name used as a metric label. */
    public String label() {
        return label;
    }
}
