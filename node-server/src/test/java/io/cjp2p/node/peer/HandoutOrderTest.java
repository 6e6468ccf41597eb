package io.cjp2p.node.peer;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a handout built by {@link HandoutOrder} gives: many networks in every reply, and a random good peer alone. */
class HandoutOrderTest {
    private static final int MAX = PeerTable.MAX_HANDOUT;

    private static PeerEntry peer(String ip, int port, long rtt) throws Exception {
        PeerEntry e = new PeerEntry(new InetSocketAddress(InetAddress.getByName(ip), port), 0);
        if (rtt != PeerEntry.NO_RTT) {
            e.rtt(rtt);
        }
        return e;
    }

    /** As the table sorts them: fastest first, unmeasured last. */
    private static PeerEntry[] fastestFirst(List<PeerEntry> peers) {
        PeerEntry[] sorted = peers.toArray(new PeerEntry[0]);
        Arrays.sort(sorted, Comparator.comparingLong(e -> e.rttNanos() == PeerEntry.NO_RTT ? Long.MAX_VALUE : e.rttNanos()));
        return sorted;
    }

    private static Map<AddressGroup, Integer> perNetwork(List<InetSocketAddress> reply) {
        Map<AddressGroup, Integer> n = new HashMap<>();
        for (InetSocketAddress a : reply) {
            n.merge(AddressGroup.groupsOf(a.getAddress())[AddressGroup.NETWORK], 1, Integer::sum);
        }
        return n;
    }

    /** Networks of random sizes, a few of them huge, with random RTTs (some unmeasured). */
    private static List<PeerEntry> randomSwarm(Random r) throws Exception {
        List<PeerEntry> peers = new ArrayList<>();
        int networks = 1 + r.nextInt(r.nextBoolean() ? 6 : 150);
        for (int n = 0; n < networks; n++) {
            int size = r.nextInt(8) == 0 ? 20 + r.nextInt(300) : 1 + r.nextInt(r.nextBoolean() ? 2 : 12);
            for (int k = 0; k < size; k++) {
                String ip = n % 5 == 4 ? "2a02:" + n + ":0:" + Integer.toHexString(k) + "::1" : "8." + n + "." + (k / 250) + "." + (1 + k % 250);
                peers.add(peer(ip, 24254, r.nextInt(5) == 0 ? PeerEntry.NO_RTT : 1 + r.nextInt(1_000_000)));
            }
        }
        return peers;
    }

    @Test
    void noNetworkHasMoreThanItsShareOfAnyReply() throws Exception {
        Random r = new Random(20261127);
        for (int round = 0; round < 60; round++) {
            List<PeerEntry> swarm = randomSwarm(r);
            Handout h = HandoutOrder.build(fastestFirst(swarm));
            PeerEntry[] entries = h.entries();
            InetSocketAddress outsider = new InetSocketAddress("9.9.9.9", 1);
            for (InetSocketAddress requester : List.of(outsider, entries[0].address(), entries[entries.length - 1].address(),
                    entries[r.nextInt(entries.length)].address())) {
                int max = r.nextBoolean() ? MAX : 2 + r.nextInt(MAX - 1);
                int rest = Math.max(1, entries.length - Math.min(h.fastCount(), (max + 1) / 2));
                // Every window start of a small snapshot; of a large one, the first and last and a sample.
                for (int k = 0; k < Math.min(rest, 60); k++) {
                    int start = rest <= 60 ? k : k < 10 ? k : k < 20 ? rest - 1 - (k - 10) : r.nextInt(rest);
                    List<InetSocketAddress> reply = HandoutTest.decoded(h.select(requester, max, start));
                    assertFalse(reply.contains(requester));
                    assertTrue(reply.size() <= max);
                    for (Map.Entry<AddressGroup, Integer> n : perNetwork(reply).entrySet()) {
                        int rd = round;
                        assertTrue(n.getValue() <= HandoutOrder.PER_NETWORK,
                                () -> "round " + rd + ", max " + max + ", start " + start + ": " + n + " in " + reply);
                    }
                }
            }
            // Diversity leaves out only what it must: with enough networks, a full reply is full.
            if (perNetwork(swarm.stream().map(PeerEntry::address).toList()).size() >= 2 * MAX) {
                assertEquals(MAX, HandoutTest.decoded(h.select(outsider, MAX)).size(), "round " + round);
            }
        }
    }

    @Test
    void theFastBlockIsTheFastestPeersTwoANetwork() throws Exception {
        List<PeerEntry> peers = new ArrayList<>();
        // Network 8.1 is the fastest by far, with ten peers; forty other networks have one each.
        for (int k = 0; k < 10; k++) {
            peers.add(peer("8.1." + k + ".1", 1, 1 + k));
        }
        for (int n = 0; n < 40; n++) {
            peers.add(peer("8." + (100 + n) + ".0.1", 1, 1000 + n));
        }
        PeerEntry[] sorted = fastestFirst(peers);
        PeerEntry[] h = HandoutOrder.build(sorted).entries();
        List<PeerEntry> expectedFast = new ArrayList<>(List.of(sorted[0], sorted[1]));
        for (int n = 0; n < HandoutOrder.FAST - 2; n++) {
            expectedFast.add(sorted[10 + n]);
        }
        assertEquals(expectedFast, Arrays.asList(h).subList(0, HandoutOrder.FAST), "fastest first, two of 8.1");
        assertEquals(peers.size() - (10 - HandoutOrder.PER_NETWORK), h.length,
                "all but what 8.1 has beyond its share");
    }

    @Test
    void twentyHonestPeersAndSixtyOfOneNetworkMakeAReplyOfMostlyHonestOnes() throws Exception {
        List<PeerEntry> peers = new ArrayList<>();
        for (int k = 0; k < 60; k++) {
            peers.add(peer("8.66." + k + ".1", 1, 1 + k)); // the attacker looks fastest
        }
        Set<InetSocketAddress> honest = new HashSet<>();
        for (int n = 0; n < 20; n++) {
            PeerEntry e = peer("8." + (100 + n) + ".0.1", 1, 10_000 + n);
            peers.add(e);
            honest.add(e.address());
        }
        Handout h = HandoutOrder.build(fastestFirst(peers));
        for (int i = 0; i < 200; i++) {
            List<InetSocketAddress> reply = HandoutTest.decoded(h.select(new InetSocketAddress("9.9.9.9", 1), MAX));
            assertTrue(reply.containsAll(honest), "every honest peer: " + reply);
            assertEquals(HandoutOrder.PER_NETWORK, reply.size() - honest.size(), "the attacker's share: " + reply);
        }
    }

    @Test
    void anUnverifiedRequesterGetsARandomGoodPeerNotTheFastest() throws Exception {
        List<PeerEntry> peers = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            peers.add(peer("8." + n + ".0.1", 1, 1_000 * (n + 1)));
        }
        for (int n = 10; n < 15; n++) {
            peers.add(peer("8." + n + ".0.1", 1, PeerEntry.NO_RTT)); // not good: never measured
        }
        Handout h = HandoutOrder.build(fastestFirst(peers));
        InetSocketAddress requester = peers.get(4).address(); // a good peer itself
        Map<InetSocketAddress, Integer> drawn = new HashMap<>();
        int draws = 18_000;
        for (int i = 0; i < draws; i++) {
            List<InetSocketAddress> one = HandoutTest.decoded(h.select(requester, 1));
            assertEquals(1, one.size());
            drawn.merge(one.get(0), 1, Integer::sum);
        }
        Set<InetSocketAddress> eligible = new HashSet<>();
        for (int n = 0; n < 10; n++) {
            if (n != 4) {
                eligible.add(peers.get(n).address());
            }
        }
        assertEquals(eligible, drawn.keySet(), "every good peer but the requester, and nothing else");
        // 2000 expected each; a binomial standard deviation is about 42, so 15% off is over 7 of them.
        for (Map.Entry<InetSocketAddress, Integer> d : drawn.entrySet()) {
            assertTrue(Math.abs(d.getValue() - draws / 9) < draws / 9 * 0.15, "roughly uniform: " + drawn);
        }
    }

    @Test
    void withNoRttMeasuredAnyPeerMayBeTheOne() throws Exception {
        List<PeerEntry> peers = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            peers.add(peer("8." + n + ".0.1", 1, PeerEntry.NO_RTT));
        }
        Handout h = HandoutOrder.build(fastestFirst(peers));
        Set<InetSocketAddress> drawn = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            drawn.addAll(HandoutTest.decoded(h.select(new InetSocketAddress("9.9.9.9", 1), 1)));
        }
        assertEquals(5, drawn.size());
        // The requester alone among good peers: another one still comes back.
        PeerEntry good = peer("8.9.0.1", 1, 5);
        Handout lone = HandoutOrder.build(new PeerEntry[] {good, peers.get(0)});
        assertEquals(List.of(peers.get(0).address()), HandoutTest.decoded(lone.select(good.address(), 1)));
    }
}
