package io.cjp2p.loadtest.eclipse;

import io.cjp2p.codec.RawJson;

import java.net.InetAddress;

/**
 * What the sources on one IP share. The node's cookie depends on the source IP only, so one
 * handshake per IP serves all its ports, as it would for any attacker who read the protocol.
 */
final class SourceIp {
    final InetAddress address;
    /** The node's cookie for this IP; {@code null} until the handshake is answered. */
    RawJson nodeCookie;

    SourceIp(InetAddress address) {
        this.address = address;
    }
}
