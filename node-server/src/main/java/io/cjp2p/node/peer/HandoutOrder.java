package io.cjp2p.node.peer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses and orders the peers of a handout snapshot so that no network (/16 or /48) holds more
 * than {@link #PER_NETWORK} entries of any reply, whichever window {@link Handout#select} draws.
 *
 * <p>A reply is the snapshot's fast block followed by a window of the rest. The fast block is the
 * fastest peers with at most {@link #FAST_PER_NETWORK} of a network. The rest is laid out in layers,
 * as Bitcoin Core's addrman spreads addresses over buckets by network group: layer {@code t} holds
 * the {@code t}-th entry of every network that has one, the networks in the same order in every
 * layer, largest first. Two entries of one network are then as far apart as a layer is long, around
 * the end too; so keeping only layers at least {@code spacing} long puts at most
 * {@link #WINDOW_PER_NETWORK} of a network in any window. A network with many more peers than the
 * others is cut to what the layers allow, so the over-represented are the ones left out. Built once a
 * tick by maintenance; replies only read it.
 */
final class HandoutOrder {
    /** The most entries of one network in a reply: an eighth of a full one. */
    static final int PER_NETWORK = Math.max(1, PeerTable.MAX_HANDOUT / 8);
    /** Of those, the most in the fast block. */
    static final int FAST_PER_NETWORK = PER_NETWORK / 2;
    /** And the most in the window of the rest. */
    static final int WINDOW_PER_NETWORK = PER_NETWORK - FAST_PER_NETWORK;
    /** The fast block's length: the fastest half of a full reply. */
    static final int FAST = (PeerTable.MAX_HANDOUT + 1) / 2;

    private HandoutOrder() {
    }

    /** The snapshot for peers given fastest first. */
    static Handout build(PeerEntry[] fastestFirst) {
        List<PeerEntry> out = new ArrayList<>(fastestFirst.length);
        Map<AddressGroup, Integer> inFast = new HashMap<>();
        // Each network's entries left for the rest, fastest first; networks in order of their fastest.
        Map<AddressGroup, List<PeerEntry>> rest = new LinkedHashMap<>();
        for (PeerEntry e : fastestFirst) {
            if (out.size() < FAST && inFast.merge(e.network(), 1, Integer::sum) <= FAST_PER_NETWORK) {
                out.add(e);
            } else {
                rest.computeIfAbsent(e.network(), n -> new ArrayList<>()).add(e);
            }
        }
        int fast = out.size();
        List<List<PeerEntry>> networks = new ArrayList<>(rest.values());
        // Largest first (stable, so the faster network first among equals): the networks present in
        // a layer are then a prefix of those in the layer before, in the same order.
        networks.sort(Comparator.comparingInt((List<PeerEntry> n) -> n.size()).reversed());
        // The longest run of the rest one reply of at most MAX_HANDOUT spans: the requester, left
        // out, may stretch it by one.
        int window = PeerTable.MAX_HANDOUT + 1 - fast;
        int spacing = (window + WINDOW_PER_NETWORK - 1) / WINDOW_PER_NETWORK;
        // Layer t has as many entries as networks with more than t left, so layers are at least
        // `spacing` long up to the size of the spacing-th largest network. Up to WINDOW_PER_NETWORK
        // layers are safe at any length: no network then has more than that in the whole rest.
        int wide = networks.size() >= spacing ? networks.get(spacing - 1).size() : 0;
        int deepest = networks.isEmpty() ? 0 : networks.get(0).size();
        int layers = Math.max(wide, Math.min(WINDOW_PER_NETWORK, deepest));
        for (int t = 0; t < layers; t++) {
            for (List<PeerEntry> n : networks) {
                if (n.size() <= t) {
                    break; // the rest are smaller still
                }
                out.add(n.get(t));
            }
        }
        return new Handout(out.toArray(new PeerEntry[0]), fast);
    }
}
