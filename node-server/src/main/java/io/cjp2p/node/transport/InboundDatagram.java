package io.cjp2p.node.transport;

import io.cjp2p.codec.Message;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A decoded datagram and its sender, as the decoder hands it on.
 *
 * @param sender        the source, IPv4-mapped addresses already turned into IPv4
 * @param messages      the elements that decoded (bad ones were skipped); the decoder refills this list
 *                      for the next datagram on the same event loop, so keep the messages, not the list
 * @param size          the UDP payload size in bytes, for the 2x rule
 * @param receivedNanos {@link System#nanoTime()} at decode, for the processing-time metric
 */
public record InboundDatagram(InetSocketAddress sender, List<Message> messages, int size, long receivedNanos) {
}
