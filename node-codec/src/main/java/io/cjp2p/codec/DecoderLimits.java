package io.cjp2p.codec;

/**
 * The parser's hard limits. A datagram beyond any of them is dropped with a {@link DropReason}.
 *
 * @param maxDatagramBytes the largest datagram accepted (the UDP maximum is 65 507)
 * @param maxDepth         the deepest nesting accepted (Rust's serde_json allows 128; we allow less)
 * @param maxMessages      the most elements one datagram may carry
 * @param maxTokenLength   the longest string or number, in characters
 */
public record DecoderLimits(int maxDatagramBytes, int maxDepth, int maxMessages, int maxTokenLength) {
    public static final int UDP_MAX_PAYLOAD = 65_507;
    /** IPv4 and UDP headers, counted on both sides of the 2x rule and in reply budgets. */
    public static final int IP_UDP_HEADER_BYTES = 28;
    public static final DecoderLimits DEFAULT = new DecoderLimits(UDP_MAX_PAYLOAD, 64, 1024, UDP_MAX_PAYLOAD);

    public DecoderLimits {
        if (maxDatagramBytes < 2 || maxDatagramBytes > UDP_MAX_PAYLOAD) {
            throw new IllegalArgumentException("maxDatagramBytes must be in 2.." + UDP_MAX_PAYLOAD);
        }
        if (maxDepth < 3 || maxMessages < 1 || maxTokenLength < 16) {
            throw new IllegalArgumentException("limits too small to carry a single message");
        }
    }
}
