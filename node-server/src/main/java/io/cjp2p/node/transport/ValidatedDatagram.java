package io.cjp2p.node.transport;

import io.cjp2p.codec.RawJson;
import io.cjp2p.node.peer.PeerEntry;

/**
 * A datagram after token validation.
 *
 * @param datagram    what was received
 * @param verified    it carried our valid cookie, so its source address is not forged
 * @param staleCookie the cookie was made with our previous secret: reply with the current one
 * @param theirCookie the body of a PleaseAlwaysReturnThisMessage in this datagram, or {@code null}
 * @param peer        the sender's peer-table entry when verified and the table had room, else {@code null}
 */
public record ValidatedDatagram(InboundDatagram datagram, boolean verified, boolean staleCookie,
                                RawJson theirCookie, PeerEntry peer) {
}
