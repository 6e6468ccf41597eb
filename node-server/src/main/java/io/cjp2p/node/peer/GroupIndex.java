package io.cjp2p.node.peer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many entries of the peer table each address group holds, and which network is the most
 * represented, each step O(1).
 *
 * <p>The owner changes it under its lock, in step with the table. The counts and the largest
 * network's size may be read without the lock, so that a newcomer who would be refused is refused
 * without taking it.
 */
final class GroupIndex {
    private final ConcurrentHashMap<AddressGroup, Integer> counts = new ConcurrentHashMap<>();
    /** The entries of each network (/16 or /48), to choose whom to evict. */
    private final HashMap<AddressGroup, Set<PeerEntry>> networkMembers = new HashMap<>();
    /**
     * The networks holding exactly {@code c} entries, by {@code c}. Counts move by one at a time,
     * so the largest one moves by at most one too: keeping it is O(1), and so is finding its networks.
     */
    private final HashMap<Integer, Set<AddressGroup>> networksBySize = new HashMap<>();
    private volatile int largestNetwork;
    /** Distinct IPs (host groups) with at least one entry; written under the owner's lock. */
    private volatile int hosts;

    /** Entries in {@code group}; safe without the lock. */
    int count(AddressGroup group) {
        return counts.getOrDefault(group, 0);
    }

    /** Distinct IPs with at least one entry; safe without the lock. */
    int hosts() {
        return hosts;
    }

    /** Entries in the most represented network; safe without the lock. */
    int largestNetwork() {
        return largestNetwork;
    }

    /** Whether one more entry in {@code groups} keeps every group within its cap; safe without the lock. */
    boolean fits(AddressGroup[] groups, DiversityCaps caps) {
        for (AddressGroup g : groups) {
            if (count(g) >= caps.capFor(g.kind())) {
                return false;
            }
        }
        return true;
    }

    void add(PeerEntry e) {
        for (AddressGroup g : e.groups()) {
            counts.merge(g, 1, Integer::sum);
        }
        if (count(e.groups()[AddressGroup.HOST]) == 1) {
            hosts++;
        }
        Set<PeerEntry> members = networkMembers.computeIfAbsent(e.network(), n -> new HashSet<>());
        members.add(e);
        resized(e.network(), members.size() - 1, members.size());
    }

    void remove(PeerEntry e) {
        for (AddressGroup g : e.groups()) {
            counts.computeIfPresent(g, (k, c) -> c == 1 ? null : c - 1);
        }
        if (count(e.groups()[AddressGroup.HOST]) == 0) {
            hosts--;
        }
        Set<PeerEntry> members = networkMembers.get(e.network());
        members.remove(e);
        if (members.isEmpty()) {
            networkMembers.remove(e.network());
        }
        resized(e.network(), members.size() + 1, members.size());
    }

    private void resized(AddressGroup network, int from, int to) {
        if (from > 0) {
            Set<AddressGroup> s = networksBySize.get(from);
            s.remove(network);
            if (s.isEmpty()) {
                networksBySize.remove(from);
            }
        }
        if (to > 0) {
            networksBySize.computeIfAbsent(to, c -> new HashSet<>()).add(network);
        }
        if (to > largestNetwork) {
            largestNetwork = to;
        } else if (from == largestNetwork && !networksBySize.containsKey(from)) {
            largestNetwork = to; // it was the last network of that size, and is now one smaller
        }
    }

    /**
     * The entry to give up for a newcomer: the stalest of a most represented network (verified
     * longest ago; among equals, one whose RTT was never measured), or {@code null} when empty.
     * Scans one network, which its cap keeps small.
     */
    PeerEntry evictionCandidate() {
        Set<AddressGroup> largest = networksBySize.get(largestNetwork);
        if (largest == null) {
            return null;
        }
        PeerEntry stalest = null;
        for (PeerEntry e : networkMembers.get(largest.iterator().next())) {
            if (stalest == null || e.lastVerifiedNanos() - stalest.lastVerifiedNanos() < 0
                    || (e.lastVerifiedNanos() == stalest.lastVerifiedNanos() && e.rttNanos() == PeerEntry.NO_RTT)) {
                stalest = e;
            }
        }
        return stalest;
    }

    /** Groups counted (every level); for tests that the index follows the table. */
    int groups() {
        return counts.size();
    }
}
