package io.cjp2p.node.transport;

import io.cjp2p.codec.Message;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Messages to send to one address in one datagram.
 *
 * @param recipient where to
 * @param messages  a mutable list the outbound handlers may complete or trim
 * @param inReplyTo the datagram this answers, or {@code null} for something we start (a probe)
 */
public record OutboundDatagram(InetSocketAddress recipient, List<Message> messages, ValidatedDatagram inReplyTo) {
}
