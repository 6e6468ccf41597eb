package io.cjp2p.node.dispatch;

import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.RawJson;
import io.cjp2p.node.peer.AddressPolicy;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.GossipBudget;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.udp.Reachability;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * Turns the addresses of a verified Peers message into candidates, within bounds: at most {@link
 * #MAX_PER_MESSAGE} per message, and only while the gossiper's {@link GossipBudget} pays for the
 * first contact each will get. One per channel, like the dispatcher that owns it.
 */
public final class GossipIntake {
    /** Candidates taken from one Peers message (a Rust node gossips 46). */
    static final int MAX_PER_MESSAGE = 16;
    /**
     * What a candidate's first contact costs: {@code [{"PleaseAlwaysReturnThisMessage":{"cookie":"<16
     * hex>"}}]}, the lone cookie maintenance sends to a gossiped address (as the Rust node does).
     */
    public static final int FIRST_CONTACT_BYTES = MessageEncoder.datagramLength(List.of(
            new PleaseAlwaysReturnThisMessage(RawJson.of("{\"cookie\":\"" + "0".repeat(16) + "\"}"))));

    private final PeerTable peers;
    private final CandidateSet candidates;
    private final GossipBudget budget;

    GossipIntake(PeerTable peers, CandidateSet candidates, GossipBudget budget) {
        this.peers = peers;
        this.candidates = candidates;
        this.budget = budget;
    }

    /**
     * Offers the addresses of {@code gossip}, which came in a datagram of {@code datagramBytes} from
     * {@code from} at {@code now}, to the candidates.
     *
     * @return how many became candidates
     */
    int learn(Peers gossip, InetSocketAddress from, int datagramBytes, SocketAddress local, long now) {
        int slot = budget.earn(from.getAddress(), datagramBytes, now);
        boolean fromPublic = AddressPolicy.isPublic(from.getAddress());
        List<InetSocketAddress> named = gossip.peers();
        int taken = 0;
        for (int i = 0; i < named.size() && taken < MAX_PER_MESSAGE; i++) {
            InetSocketAddress a = named.get(i);
            // A public peer has no business telling us about private addresses: that would make us
            // probe our own LAN on a stranger's word. And an address our socket cannot send to
            // would only take a probe's place.
            if (AddressPolicy.mayBePeer(a) && !peers.contains(a)
                    && (!fromPublic || AddressPolicy.isPublic(a.getAddress()))
                    && Reachability.reaches(local, a) && !candidates.recentlyProbed(a, now)
                    && budget.covers(slot, FIRST_CONTACT_BYTES) && candidates.offer(a)) {
                budget.spend(slot, FIRST_CONTACT_BYTES);
                taken++;
            }
        }
        return taken;
    }
}
