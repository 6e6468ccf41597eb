package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * A {@link Peers} message whose addresses are already in wire form ({@code "1.2.3.4:5"}, quotes
 * included), written straight into the reply by the encoder.
 *
 * <p>A bootstrap node answers PleaseSendPeers far more often than its peer list changes, so the
 * server keeps each peer's address in wire form and hands out references to those bytes: no
 * address is formatted and no element is assembled per reply. On the wire it is the same message
 * as {@link Peers}; the decoder never produces it. Not a record: it holds arrays, compared by
 * reference, and its encoded length is computed once.
 */
public final class EncodedPeers implements Message {
    private final byte[][] entries;
    private final int count;
    private final int length;

    /**
     * @param entries the quoted addresses, shared with their owner and never modified
     * @param count   how many of them, from the first, to send
     */
    public EncodedPeers(byte[][] entries, int count) {
        this.entries = entries;
        this.count = count;
        int n = MessageEncoder.PEERS_OPEN.length + MessageEncoder.PEERS_CLOSE.length + Math.max(0, count - 1);
        for (int i = 0; i < count; i++) {
            n += entries[i].length;
        }
        this.length = n;
    }

    @Override
    public String type() {
        return Peers.TYPE;
    }

    /** How many peers it carries. */
    public int count() {
        return count;
    }

    /** The encoded length of the element, {@code {"Peers":{"peers":[…]}}}. */
    public int length() {
        return length;
    }

    /** Writes the element. */
    public void writeTo(ByteBuf out) {
        out.writeBytes(MessageEncoder.PEERS_OPEN);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            out.writeBytes(entries[i]);
        }
        out.writeBytes(MessageEncoder.PEERS_CLOSE);
    }

    @Override
    public String toString() {
        ByteBuf buf = Unpooled.buffer(length);
        writeTo(buf);
        return "EncodedPeers[" + buf.toString(StandardCharsets.UTF_8) + "]";
    }
}
