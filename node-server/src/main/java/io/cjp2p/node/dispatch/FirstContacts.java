package io.cjp2p.node.dispatch;

import io.cjp2p.node.limit.FirstContactGate;
import io.cjp2p.node.peer.AddressPolicy;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.IdentityEvent;
import io.cjp2p.node.pipeline.NodeEvents;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Discovery of unverified askers. A node that asks for peers without a cookie of its own (the Ruby
 * reference sends a lone PleaseSendPeers every 10 s) gets a reply cut to the 2x rule, which has no room for
 * our cookie, so it could never become verified. Such an asker is queued here, and maintenance
 * sends it a first contact of its own: a round-trip nonce (PleaseReturnThisMessage, 59 bytes, within
 * 2x of the 24-byte lone PleaseSendPeers). Every implementation returns it (the Ruby reference
 * returns our cookie only with content requests, never with PleaseSendPeers), and its return from
 * that address proves the address as our cookie would: the asker is then a verified peer, and our
 * probes give it our cookie.
 *
 * <p>The asker may be a forged source, so first contacts are bounded by {@link FirstContactGate}:
 * only to an ip:port that asked again at least 5 s after its first ask (a node, not a one-shot
 * client), one per source IP a minute, 10 a second for the node. Shared by every event loop; nothing is
 * allocated unless the gate lets a contact through.
 */
public final class FirstContacts {
    /** Askers waiting for maintenance; more than a few seconds of the gate's rate is never needed. */
    static final int QUEUE_BOUND = 64;

    private final FirstContactGate gate;
    private final PeerTable peers;
    private final CandidateSet candidates;
    private final NodeEvents events;
    private final ConcurrentLinkedQueue<InetSocketAddress> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();

    public FirstContacts(FirstContactGate gate, PeerTable peers, CandidateSet candidates, NodeEvents events) {
        this.gate = gate;
        this.peers = peers;
        this.candidates = candidates;
        this.events = events;
    }

    /**
     * {@code sender} asked us for peers in an unverified datagram that carried no cookie of its own
     * (one that does gets ours in the reply, as in the Rust handshake). Only a node that asks for
     * peers wants to join the swarm: a client that only asks for an echo is left be.
     */
    void asked(InetSocketAddress sender, long now) {
        // The gate's look first: an asker that asks again within the minute, the common case under
        // a flood, costs two array reads and no map lookup.
        if (!gate.mayAcquire(sender.getAddress(), now)) {
            events.identity(IdentityEvent.FIRST_CONTACT_LIMITED);
            return;
        }
        if (peers.contains(sender) || candidates.recentlyProbed(sender, now) || !AddressPolicy.mayBePeer(sender)) {
            return;
        }
        if (queued.get() < QUEUE_BOUND && gate.tryAcquire(sender, now)) {
            queued.incrementAndGet();
            queue.add(sender);
            events.identity(IdentityEvent.FIRST_CONTACT);
        } else {
            events.identity(IdentityEvent.FIRST_CONTACT_LIMITED);
        }
    }

    /** Up to {@code n} askers to contact now, oldest first. Called from maintenance. */
    public List<InetSocketAddress> take(int n) {
        List<InetSocketAddress> out = new ArrayList<>(Math.min(n, queued.get()));
        InetSocketAddress a;
        while (out.size() < n && (a = queue.poll()) != null) {
            queued.decrementAndGet();
            out.add(a);
        }
        return out;
    }
}
