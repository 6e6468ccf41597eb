package io.cjp2p.node.pipeline;

import io.cjp2p.codec.RawJson;
import io.cjp2p.node.peer.PeerEntry;

/**
 * A datagram after the cookie check. Like {@link InboundDatagram}, refilled for every datagram by
 * the channel's cookie check ({@link #fill}), so it is only valid while that datagram is handled.
 */
public final class ValidatedDatagram {
    private InboundDatagram datagram;
    private boolean verified;
    private boolean staleCookie;
    private RawJson theirCookie;
    private PeerEntry peer;

    /** An empty envelope, for the cookie check to {@link #fill}. */
    public ValidatedDatagram() {
    }

    /** A filled envelope of its own, for tests and for anything not on the packet path. */
    public ValidatedDatagram(InboundDatagram datagram, boolean verified, boolean staleCookie, RawJson theirCookie,
                             PeerEntry peer) {
        fill(datagram, verified, staleCookie, theirCookie, peer);
    }

    /**
     * @param datagram    what was received
     * @param verified    it carried our valid cookie, so its source address is not forged
     * @param staleCookie the cookie was made with our previous secret: reply with the current one
     * @param theirCookie the body of a PleaseAlwaysReturnThisMessage in this datagram, or {@code null}
     * @param peer        the sender's peer-table entry when verified and the table had room, else {@code null}
     * @return this
     */
    public ValidatedDatagram fill(InboundDatagram datagram, boolean verified, boolean staleCookie, RawJson theirCookie,
                                  PeerEntry peer) {
        this.datagram = datagram;
        this.verified = verified;
        this.staleCookie = staleCookie;
        this.theirCookie = theirCookie;
        this.peer = peer;
        return this;
    }

    public InboundDatagram datagram() {
        return datagram;
    }

    public boolean verified() {
        return verified;
    }

    public boolean staleCookie() {
        return staleCookie;
    }

    public RawJson theirCookie() {
        return theirCookie;
    }

    public PeerEntry peer() {
        return peer;
    }

    @Override
    public String toString() {
        return "ValidatedDatagram[" + (verified ? "verified" : "unverified") + (staleCookie ? ", stale cookie" : "")
                + ", " + datagram + "]";
    }
}
