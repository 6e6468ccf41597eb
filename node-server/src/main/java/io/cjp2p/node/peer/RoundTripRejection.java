package io.cjp2p.node.peer;

/**
 * Why a ReturnedMessage from a verified peer gave no round trip; each is a {@code reason} label of
 * the rejected round-trips counter.
 */
public enum RoundTripRejection {
    /** The body is not one of our probe bodies at all (another shape, not 16 lowercase hex digits). */
    MALFORMED("malformed"),
    /** No outstanding probe carries this nonce: forged, modified, or from a probe long forgotten. */
    UNKNOWN("unknown"),
    /** The probe was already answered: an answer counts once. */
    REPLAYED("replayed"),
    /** The probe is older than the longest round trip we believe. */
    EXPIRED("expired"),
    /** The nonce is ours, but the probe went to another address. */
    WRONG_SOURCE("wrong_source");

    private static final RoundTripRejection[] VALUES = values();

    private final String label;

    RoundTripRejection(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The result code {@link RoundTripProbes#answer} returns for this rejection (always negative). */
    long code() {
        return -1 - ordinal();
    }

    /** The rejection a negative result of {@link RoundTripProbes#answer} stands for. */
    public static RoundTripRejection of(long code) {
        return VALUES[(int) (-1 - code)];
    }
}
