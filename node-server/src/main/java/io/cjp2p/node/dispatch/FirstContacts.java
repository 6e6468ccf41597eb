package io.cjp2p.node.dispatch;

import io.cjp2p.node.limit.FirstContactGate;
import io.cjp2p.node.peer.AddressPolicy;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.IdentityEvent;
import io.cjp2p.node.pipeline.NodeEvents;

import java.net.InetSocketAddress;

/**
 * Discovery of unverified askers. A node that asks without returning a cookie (the Ruby reference
 * sends a lone PleaseSendPeers every 10 s) gets a reply cut to the 2x rule, which has no room for
 * our cookie, so it could never become verified. Such an asker becomes a candidate instead, and
 * maintenance sends it the first contact a gossiped address gets: our cookie alone (65 bytes, within
 * 2x of the 24-byte lone PleaseSendPeers). Once it returns the cookie it is a verified peer.
 *
 * <p>The asker may be a forged source, so the first contacts are bounded by {@link FirstContactGate}:
 * one per source IP a minute, a few a second for the node. Shared by every event loop; nothing is
 * allocated unless the gate lets a contact through.
 */
public final class FirstContacts {
    private final FirstContactGate gate;
    private final PeerTable peers;
    private final CandidateSet candidates;
    private final NodeEvents events;

    public FirstContacts(FirstContactGate gate, PeerTable peers, CandidateSet candidates, NodeEvents events) {
        this.gate = gate;
        this.peers = peers;
        this.candidates = candidates;
        this.events = events;
    }

    /**
     * {@code sender} asked us something in an unverified datagram that carried no cookie of its own
     * (one that does gets ours in the reply, as in the Rust handshake).
     */
    void asked(InetSocketAddress sender, long now) {
        if (peers.contains(sender) || candidates.recentlyProbed(sender, now) || !AddressPolicy.mayBePeer(sender)) {
            return;
        }
        if (gate.tryAcquire(sender.getAddress(), now) && candidates.offer(sender)) {
            events.identity(IdentityEvent.FIRST_CONTACT);
        } else {
            events.identity(IdentityEvent.FIRST_CONTACT_LIMITED);
        }
    }
}
