package io.cjp2p.node.peer;

import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PreEncoded;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * A {@link Peers} message whose addresses are already in wire form, written straight into the
 * reply by the encoder: a server optimisation, so it lives here and not in the codec.
 *
 * <p>A bootstrap node answers PleaseSendPeers far more often than its peer list changes. So the
 * server keeps its whole list in wire form, as one array of entries joined by commas
 * ({@code "1.2.3.4:5","[2001:db8::1]:6"}). A reply names a few runs of that array, each a whole
 * number of entries. Writing the element is then a handful of copies, whatever the number of
 * peers: no address is formatted and no element is assembled per reply. On the wire it is the
 * same message as {@link Peers}; the decoder never produces it. Not a record: it holds arrays,
 * compared by reference, and its encoded length is computed once.
 */
public final class EncodedPeers implements PreEncoded {
    private static final byte[] OPEN = "{\"Peers\":{\"peers\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "]}}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTHING = new byte[0];
    private static final int[] NO_RUNS = new int[0];
    /** The element with no peers. */
    public static final EncodedPeers EMPTY = new EncodedPeers(NOTHING, NO_RUNS, 0, 0);

    private final byte[] list;
    private final int[] runs;
    private final int runCount;
    private final int count;
    private final int length;

    /**
     * @param list     entries joined by commas, shared with their owner and never modified
     * @param runs     {@code runCount} pairs of offsets into {@code list}, {@code [from, to)}, each
     *                 spanning whole entries without the comma after the last
     * @param runCount how many pairs of {@code runs} to write, in order
     * @param count    how many entries the runs hold together
     */
    public EncodedPeers(byte[] list, int[] runs, int runCount, int count) {
        this.list = list;
        this.runs = runs;
        this.runCount = runCount;
        this.count = count;
        int n = OPEN.length + CLOSE.length + Math.max(0, runCount - 1);
        for (int r = 0; r < runCount; r++) {
            n += runs[2 * r + 1] - runs[2 * r];
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
    @Override
    public int encodedLength() {
        return length;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeBytes(OPEN);
        for (int r = 0; r < runCount; r++) {
            if (r > 0) {
                out.writeByte(',');
            }
            out.writeBytes(list, runs[2 * r], runs[2 * r + 1] - runs[2 * r]);
        }
        out.writeBytes(CLOSE);
    }

    @Override
    public String toString() {
        ByteBuf buf = Unpooled.buffer(length);
        writeTo(buf);
        return "EncodedPeers[" + buf.toString(StandardCharsets.UTF_8) + "]";
    }
}
