package io.cjp2p.codec;

/**
 * A {@link Peers} message already rendered as its wire element, {@code {"Peers":{"peers":[…]}}}.
 *
 * <p>A bootstrap node answers PleaseSendPeers far more often than its peer list changes, so the
 * server keeps each peer's address in wire form and assembles the element from those bytes instead
 * of formatting addresses per reply. On the wire it is the same message as {@link Peers}; the
 * decoder never produces it.
 *
 * @param element the whole element, written verbatim by the encoder
 */
public record EncodedPeers(RawJson element) implements Message {
    @Override
    public String type() {
        return Peers.TYPE;
    }
}
