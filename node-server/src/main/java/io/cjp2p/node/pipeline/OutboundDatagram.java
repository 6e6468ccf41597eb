package io.cjp2p.node.pipeline;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Messages to send to one address in one datagram. Not a record: the reply shaper completes the
 * list and then records its encoded size here, and the dispatcher of each channel refills one of
 * these for every reply ({@link #fill}). The write runs synchronously through the outbound handlers
 * to the encoder, which turns it into bytes, so nothing holds it once {@code write} returns.
 */
public final class OutboundDatagram {
    private InetSocketAddress recipient;
    private List<Message> messages;
    private ValidatedDatagram inReplyTo;
    private int length = -1;

    /** An empty envelope, for a dispatcher to {@link #fill} for each reply. */
    public OutboundDatagram() {
    }

    /** A datagram of its own: a probe, or a test's. See {@link #fill} for the parameters. */
    public OutboundDatagram(InetSocketAddress recipient, List<Message> messages, ValidatedDatagram inReplyTo) {
        fill(recipient, messages, inReplyTo);
    }

    /**
     * @param recipient where to
     * @param messages  a mutable list the outbound handlers may complete or trim
     * @param inReplyTo the datagram this answers, or {@code null} for something we start (a probe)
     * @return this, not yet {@linkplain #completed completed}
     */
    public OutboundDatagram fill(InetSocketAddress recipient, List<Message> messages, ValidatedDatagram inReplyTo) {
        this.recipient = recipient;
        this.messages = messages;
        this.inReplyTo = inReplyTo;
        this.length = -1;
        return this;
    }

    public InetSocketAddress recipient() {
        return recipient;
    }

    public List<Message> messages() {
        return messages;
    }

    public ValidatedDatagram inReplyTo() {
        return inReplyTo;
    }

    /**
     * Marks the list complete: from now on {@link #encodedLength()} is this size, so the reply
     * limiter and the encoder do not measure the list again.
     */
    public void completed(int encodedLength) {
        this.length = encodedLength;
    }

    /** The encoded size in bytes. */
    public int encodedLength() {
        return length >= 0 ? length : MessageEncoder.datagramLength(messages);
    }

    @Override
    public String toString() {
        return "OutboundDatagram[" + recipient + ", " + messages + "]";
    }
}
