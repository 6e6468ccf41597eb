package io.cjp2p.node.peer;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The peer table's diversity: caps per IP, subnet and network, and eviction from the largest network. */
class DiversityTest {
    private static InetSocketAddress addr(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    /** How many of {@code candidates} the table admits, each verified once. */
    private static int admitted(PeerTable t, List<InetSocketAddress> candidates) {
        int n = 0;
        for (InetSocketAddress a : candidates) {
            if (t.verified(a, 0) != null) {
                n++;
            }
        }
        return n;
    }

    @Test
    void oneIpHoldsAtMostTwoPortsEvenWithRoomToSpare() {
        PeerTable t = new PeerTable(1000);
        List<InetSocketAddress> ports = new ArrayList<>();
        for (int p = 1; p <= 60; p++) {
            ports.add(addr("8.8.8.8", p));
        }
        assertEquals(2, admitted(t, ports));
        assertNotNull(t.verified(addr("8.8.8.9", 1), 0), "its neighbour is another IP");
        assertNotNull(t.verified(addr("8.8.8.8", 1), 5), "an admitted port is still refreshed");
    }

    @Test
    void aSlash24HoldsFourAndASlash16ThirtyTwo() {
        PeerTable t = new PeerTable(1000);
        List<InetSocketAddress> subnet = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            subnet.add(addr("8.8.8." + i, 1));
        }
        assertEquals(4, admitted(t, subnet));
        List<InetSocketAddress> network = new ArrayList<>();
        for (int i = 9; i < 100; i++) {
            network.add(addr("8.8." + i + ".1", 1));
        }
        assertEquals(28, admitted(t, network), "the /16 fills up to 32 with the /24's four");
        assertNotNull(t.verified(addr("8.9.0.1", 1), 0), "the next /16 is another network");
    }

    @Test
    void ipv6SubnetsAndNetworksAreSlash64AndSlash48() {
        PeerTable t = new PeerTable(1000);
        List<InetSocketAddress> subnet = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            subnet.add(addr("2a02:1:2:3::" + Integer.toHexString(i), 1));
        }
        assertEquals(4, admitted(t, subnet));
        List<InetSocketAddress> network = new ArrayList<>();
        for (int i = 4; i < 100; i++) {
            network.add(addr("2a02:1:2:" + Integer.toHexString(i) + "::1", 1));
        }
        assertEquals(28, admitted(t, network));
        assertNotNull(t.verified(addr("2a02:1:3::1", 1), 0), "the next /48 is another network");
    }

    @Test
    void anIpv4MappedSenderIsTheSameIpAsItsIpv4Form() throws Exception {
        PeerTable t = new PeerTable(1000);
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 8, 8, 8, 8};
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertNotNull(t.verified(addr("8.8.8.8", 1), 0));
        assertNotNull(t.verified(new InetSocketAddress(v6, 2), 0));
        assertNull(t.verified(new InetSocketAddress(v6, 3), 0), "a third port of 8.8.8.8");
        assertNull(t.verified(addr("8.8.8.8", 4), 0));
    }

    @Test
    void whenFullANewcomerFromASmallerNetworkEvictsTheStalestOfTheLargest() {
        PeerTable t = new PeerTable(10);
        for (int i = 0; i < 10; i++) {
            assertNotNull(t.verified(addr("8.8." + i + ".1", 1), i == 3 ? 0 : 10));
        }
        assertNull(t.verified(addr("8.8.20.1", 1), 20), "from the largest network: refused");
        assertNotNull(t.verified(addr("9.9.9.9", 1), 20), "from another network: admitted");
        assertEquals(10, t.size());
        assertFalse(t.contains(addr("8.8.3.1", 1)), "the stalest of the largest network made room");
        for (int i = 0; i < 10; i++) {
            assertEquals(i != 3, t.contains(addr("8.8." + i + ".1", 1)), "8.8." + i + ".1");
        }
    }

    @Test
    void evictionNeverTurnsAround() {
        // Networks A (6 entries) and B (4) fill ten slots.
        PeerTable t = new PeerTable(10);
        for (int i = 0; i < 6; i++) {
            t.verified(addr("8.1." + i + ".1", 1), 0);
        }
        for (int i = 0; i < 4; i++) {
            t.verified(addr("8.2." + i + ".1", 1), 0);
        }
        assertNotNull(t.verified(addr("8.2.10.1", 1), 1), "B (4) is two below A (6)");
        assertEquals(5, t.countIn(AddressGroup.groupsOf(addr("8.1.0.1", 1).getAddress())[AddressGroup.NETWORK]));
        assertNull(t.verified(addr("8.1.10.1", 1), 2), "A (5) is not below B (5)");
        assertNull(t.verified(addr("8.2.11.1", 1), 2), "nor B below A");
        assertNotNull(t.verified(addr("8.3.0.1", 1), 2), "a third network is");
        assertTrue(t.contains(addr("8.2.10.1", 1)));
        assertEquals(10, t.size());
    }

    @Test
    void countsFollowTheTableThroughAdmissionEvictionAndExpiry() throws Exception {
        Random r = new Random(7);
        PeerTable t = new PeerTable(40);
        List<InetSocketAddress> pool = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // Few networks and subnets, IPv4 and IPv6, so that every cap and eviction comes up.
            String ip = r.nextInt(4) == 0
                    ? "2a02:" + r.nextInt(3) + ":" + r.nextInt(3) + ":" + r.nextInt(4) + "::" + (1 + r.nextInt(3))
                    : "8." + r.nextInt(4) + "." + r.nextInt(10) + "." + (1 + r.nextInt(6));
            pool.add(addr(ip, 1 + r.nextInt(4)));
        }
        long now = 0;
        for (int step = 0; step < 5000; step++) {
            now += 1 + r.nextInt(5);
            if (r.nextInt(50) == 0) {
                t.expire(now, r.nextInt(200));
            } else {
                t.verified(pool.get(r.nextInt(pool.size())), now);
            }
            if (step % 50 == 0) {
                assertCountsMatch(t, pool);
            }
        }
        t.expire(now + 1, 0);
        assertEquals(0, t.size());
        assertEquals(0, t.groupsCounted(), "nothing left counted once every peer expired");
        assertNotNull(t.verified(pool.get(0), now + 2));
    }

    @Test
    void concurrentAdmissionsKeepTheBoundAndTheCounts() throws Exception {
        PeerTable t = new PeerTable(50);
        List<InetSocketAddress> pool = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            pool.add(addr("8." + (i % 7) + "." + (i / 7 % 40) + "." + (1 + i % 5), 1 + i % 3));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int th = 0; th < 4; th++) {
                int seed = th;
                done.add(threads.submit(() -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < 20_000; i++) {
                        t.verified(pool.get(r.nextInt(pool.size())), r.nextInt(1000));
                        if (seed == 0 && i % 1000 == 0) {
                            t.expire(1000, 500);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        assertTrue(t.size() <= 50, "bounded: " + t.size());
        assertCountsMatch(t, pool);
    }

    /** Every group's count is the number of the pool's addresses in the table that belong to it, and no other group is counted. */
    private static void assertCountsMatch(PeerTable t, List<InetSocketAddress> pool) {
        Map<AddressGroup, Integer> expected = new HashMap<>();
        for (InetSocketAddress a : pool.stream().distinct().toList()) {
            if (t.contains(a)) {
                for (AddressGroup g : AddressGroup.groupsOf(a.getAddress())) {
                    expected.merge(g, 1, Integer::sum);
                }
            }
        }
        for (Map.Entry<AddressGroup, Integer> e : expected.entrySet()) {
            assertEquals(e.getValue(), t.countIn(e.getKey()), e.getKey().toString());
            assertTrue(e.getValue() <= t.caps().capFor(e.getKey().kind()), "within its cap: " + e);
        }
        assertEquals(expected.size(), t.groupsCounted(), "no stale group left counted");
    }
}
