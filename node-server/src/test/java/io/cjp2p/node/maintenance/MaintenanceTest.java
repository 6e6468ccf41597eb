package io.cjp2p.node.maintenance;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.dispatch.GossipIntake;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.peer.SavedPeer;
import io.cjp2p.node.pipeline.OutboundDatagram;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Maintenance's ticks, driven by hand on an EmbeddedChannel that keeps what they send. */
class MaintenanceTest {
    private static final long TICK = 1_000_000_000L;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final PeerTable peers = new PeerTable(100);
    private final CandidateSet candidates = new CandidateSet(100, 60 * TICK);
    private final RoundTripProbes probes = new RoundTripProbes();
    private final Maintenance maintenance = new Maintenance(channel, peers, candidates, new CookieValidator(), probes,
            NodeConfig.loopback().tick(Duration.ofNanos(TICK)).peerTtl(Duration.ofHours(1)).build());
    private final InetSocketAddress peer = new InetSocketAddress("127.0.0.2", 24254);

    private List<OutboundDatagram> sent() {
        List<OutboundDatagram> out = new ArrayList<>();
        Object o;
        while ((o = channel.readOutbound()) != null) {
            out.add(assertInstanceOf(OutboundDatagram.class, o));
        }
        return out;
    }

    @Test
    void aSilentPeerIsProbedWithExponentialBackoff() {
        peers.verified(peer, 0);
        List<Integer> probedAt = new ArrayList<>();
        for (int t = 0; t < 100; t++) {
            maintenance.tick(t * TICK);
            for (OutboundDatagram d : sent()) {
                assertEquals(peer, d.recipient());
                probedAt.add(t);
            }
        }
        assertEquals(List.of(0, 1, 3, 7, 15, 31, 63), probedAt);
    }

    @Test
    void aPeerThatAnswersIsProbedEveryTick() {
        PeerEntry e = peers.verified(peer, 0);
        int probed = 0;
        for (int t = 0; t < 50; t++) {
            long now = t * TICK;
            maintenance.tick(now);
            for (OutboundDatagram d : sent()) {
                probed++;
                List<Message> m = d.messages();
                assertTrue(m.contains(PleaseSendPeers.INSTANCE), m.toString());
                PleaseReturnThisMessage ping = (PleaseReturnThisMessage) m.stream()
                        .filter(x -> x instanceof PleaseReturnThisMessage).findFirst().orElseThrow();
                long rtt = probes.answer(peer, ping.body(), now + 3_000_000L);
                assertEquals(3_000_000L, rtt);
                peers.recordRtt(e, rtt); // what the dispatcher does with an answer
            }
        }
        assertEquals(50, probed);
    }

    @Test
    void aGossipedCandidateGetsOurCookieAloneAndItCostsWhatTheBudgetCharges() {
        InetSocketAddress candidate = new InetSocketAddress("127.0.0.3", 24254);
        candidates.offer(candidate);
        maintenance.tick(TICK);
        List<OutboundDatagram> out = sent();
        assertEquals(1, out.size());
        assertEquals(candidate, out.get(0).recipient());
        List<Message> m = out.get(0).messages();
        assertEquals(1, m.size(), m.toString());
        assertInstanceOf(PleaseAlwaysReturnThisMessage.class, m.get(0));
        assertEquals(GossipIntake.FIRST_CONTACT_BYTES, MessageEncoder.datagramLength(m));
    }

    @Test
    void peersOfTheLastRunAreAskedAgainThirtyTwoATick() {
        List<SavedPeer> saved = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            saved.add(new SavedPeer(new InetSocketAddress("127." + (i + 1) + ".0.1", 24254), null, PeerEntry.NO_RTT, 0));
        }
        assertEquals(40, peers.remember(saved));
        maintenance.tick(TICK);
        List<OutboundDatagram> first = sent();
        assertEquals(Maintenance.REMEMBERED_PROBES_PER_TICK, first.size());
        for (OutboundDatagram d : first) {
            List<Message> m = d.messages();
            assertInstanceOf(PleaseAlwaysReturnThisMessage.class, m.get(0), "our cookie, to be verified");
            assertTrue(m.contains(PleaseSendPeers.INSTANCE), m.toString());
            PleaseReturnThisMessage ping = (PleaseReturnThisMessage) m.get(2);
            assertEquals(2_000_000L, probes.answer(d.recipient(), ping.body(), TICK + 2_000_000L), "a round trip we can time");
        }
        maintenance.tick(2 * TICK);
        List<InetSocketAddress> second = sent().stream().map(OutboundDatagram::recipient).toList();
        assertEquals(Maintenance.REMEMBERED_PROBES_PER_TICK, second.size());
        List<InetSocketAddress> firstRecipients = first.stream().map(OutboundDatagram::recipient).toList();
        assertEquals(40 - Maintenance.REMEMBERED_PROBES_PER_TICK,
                second.stream().filter(a -> !firstRecipients.contains(a)).count(),
                "the ones not asked yet go first; silent ones fill the rest of the tick");
        assertEquals(0, peers.size(), "nobody is a peer before answering");
    }
}
