package io.cjp2p.node.transport;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Messages to send to one address in one datagram.
 *
 * @param recipient where to
 * @param messages  a mutable list the outbound handlers may complete or trim
 * @param inReplyTo the datagram this answers, or {@code null} for something we start (a probe)
 * @param length    the encoded size once token validation has completed the list, -1 before: the
 *                  reply limiter and the encoder then use it instead of measuring the list again
 */
public record OutboundDatagram(InetSocketAddress recipient, List<Message> messages, ValidatedDatagram inReplyTo,
                               int length) {

    /** A datagram whose list is not complete yet (its length is not known). */
    public OutboundDatagram(InetSocketAddress recipient, List<Message> messages, ValidatedDatagram inReplyTo) {
        this(recipient, messages, inReplyTo, -1);
    }

    /** The encoded size in bytes. */
    public int encodedLength() {
        return length >= 0 ? length : MessageEncoder.datagramLength(messages);
    }
}
