package io.cjp2p.node.pipeline;

import io.cjp2p.codec.Message;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A decoded datagram and its sender, as the decoder hands it on.
 *
 * <p>Not a record: each channel's decoder refills one of these for every datagram ({@link #fill}),
 * as the later stages refill theirs, so the envelopes cost no allocation. The pipeline runs a
 * datagram to completion before it decodes the next, so a handler may read it while it handles the
 * datagram and must keep nothing of it but the messages.
 */
public final class InboundDatagram {
    private InetSocketAddress sender;
    private List<Message> messages;
    private int size;
    private long receivedNanos;
    /** The datagram's bytes, {@code [0, size)}, or null; the decoder's buffer, reused for the next datagram. */
    private byte[] raw;

    /** An empty envelope, for a decoder to {@link #fill}. */
    public InboundDatagram() {
    }

    /** A filled envelope of its own, for tests and for anything not on the packet path. */
    public InboundDatagram(InetSocketAddress sender, List<Message> messages, int size, long receivedNanos) {
        fill(sender, messages, size, receivedNanos);
    }

    /**
     * @param sender        the source, IPv4-mapped addresses already turned into IPv4
     * @param messages      the elements that decoded (bad ones were skipped); the decoder refills this
     *                      list for the next datagram too
     * @param size          the UDP payload size in bytes, for the 2x rule
     * @param receivedNanos {@link System#nanoTime()} at decode, for the processing-time metric
     * @return this
     */
    public InboundDatagram fill(InetSocketAddress sender, List<Message> messages, int size, long receivedNanos) {
        this.sender = sender;
        this.messages = messages;
        this.size = size;
        this.receivedNanos = receivedNanos;
        this.raw = null;
        return this;
    }

    /**
     * Lends the datagram's bytes, {@code [0, size)}, for local browser pages; valid only while this
     * datagram is handled.
     *
     * @return this
     */
    public InboundDatagram raw(byte[] bytes) {
        this.raw = bytes;
        return this;
    }

    /** The datagram's bytes, {@code [0, size)}, or null when the envelope was made without them. */
    public byte[] raw() {
        return raw;
    }

    public InetSocketAddress sender() {
        return sender;
    }

    public List<Message> messages() {
        return messages;
    }

    public int size() {
        return size;
    }

    public long receivedNanos() {
        return receivedNanos;
    }

    @Override
    public String toString() {
        return "InboundDatagram[" + sender + ", " + size + " bytes, " + messages + "]";
    }
}
