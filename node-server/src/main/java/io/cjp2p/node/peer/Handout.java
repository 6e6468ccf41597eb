package io.cjp2p.node.peer;


import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One snapshot of the peers handed out in Peers replies: a fast block (the fastest peers) and the
 * rest, and their wire forms joined by commas into one array. {@link HandoutOrder} chooses and
 * orders them so that any reply draws from many networks.
 *
 * <p>Why joined: a reply takes a prefix of the fast block and a window of the rest, which are
 * contiguous in the array except where the requester itself sits. So a reply is at most four runs
 * of the array, and writing it is four copies instead of one per peer (46 on a full reply).
 * Maintenance builds a snapshot once a tick; the packet path only reads it.
 */
final class Handout {
    static final Handout EMPTY = new Handout(new PeerEntry[0]);
    private static final int[] NONE = new int[0];

    /**
     * The most runs a reply needs: the fastest prefix, and the window of the rest, which wraps
     * around its end, make three ranges of entries; leaving the requester out splits one of them.
     */
    private static final int MAX_RUNS = 4;

    private final PeerEntry[] entries;
    /** How many entries lead as the fast block; a reply's fastest half never reaches past them. */
    private final int fastCount;
    /** Indices of the entries with a measured RTT (all of them when none is): one is given to an unverified requester. */
    private final int[] good;
    private final byte[] joined;
    /** {@code offsets[k]}: where entry {@code k} starts in {@code joined}; the last is one past a final comma. */
    private final int[] offsets;

    /** A snapshot whose fast block is the whole array: replies start with its first entries. */
    Handout(PeerEntry[] entries) {
        this(entries, entries.length);
    }

    Handout(PeerEntry[] entries, int fastCount) {
        this.entries = entries;
        this.fastCount = fastCount;
        this.good = goodOnes(entries);
        this.offsets = new int[entries.length + 1];
        int n = 0;
        for (int k = 0; k < entries.length; k++) {
            offsets[k] = n;
            n += entries[k].wireEntry().length + 1;
        }
        offsets[entries.length] = n;
        this.joined = new byte[Math.max(0, n - 1)];
        for (int k = 0; k < entries.length; k++) {
            byte[] w = entries[k].wireEntry();
            System.arraycopy(w, 0, joined, offsets[k], w.length);
            if (k + 1 < entries.length) {
                joined[offsets[k + 1] - 1] = ',';
            }
        }
    }

    private static int[] goodOnes(PeerEntry[] entries) {
        int[] measured = new int[entries.length];
        int n = 0;
        for (int k = 0; k < entries.length; k++) {
            if (entries[k].rttNanos() != PeerEntry.NO_RTT) {
                measured[n++] = k;
            }
        }
        if (n > 0) {
            return Arrays.copyOf(measured, n);
        }
        for (int k = 0; k < entries.length; k++) {
            measured[k] = k;
        }
        return entries.length == 0 ? NONE : measured;
    }

    PeerEntry[] entries() {
        return entries;
    }

    int fastCount() {
        return fastCount;
    }

    /**
     * Up to {@code requestedMax} peers, never the requester: the fastest {@code (requestedMax + 1) / 2}
     * of the fast block first, then the others from a random starting point onwards, wrapping
     * around, so that load spreads across the swarm.
     *
     * <p>A reply of one entry, what an unverified requester gets, is a random good peer instead:
     * the fastest alone would be handed to every newcomer, and whoever looks fastest would meet them all.
     */
    EncodedPeers select(InetSocketAddress requester, int requestedMax) {
        if (requestedMax <= 0 || entries.length == 0) {
            return EncodedPeers.EMPTY;
        }
        if (requestedMax == 1) {
            return randomGood(requester);
        }
        int rest = entries.length - fastest(requestedMax);
        return select(requester, requestedMax, rest > 1 ? ThreadLocalRandom.current().nextInt(rest) : 0);
    }

    /** {@link #select(InetSocketAddress, int)} with the window of the rest starting {@code start} entries in. */
    EncodedPeers select(InetSocketAddress requester, int requestedMax, int start) {
        int n = entries.length;
        int fastest = fastest(requestedMax);
        Runs runs = new Runs(requester, Math.min(requestedMax, n));
        runs.take(0, fastest);
        runs.take(fastest + start, n);
        runs.take(fastest, fastest + start);
        return runs.encoded();
    }

    /** One of the good entries, uniformly, never the requester. */
    EncodedPeers randomGood(InetSocketAddress requester) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int i = r.nextInt(good.length);
        if (isRequester(good[i], requester, requester.hashCode())) {
            if (good.length == 1) {
                return select(requester, 1, 0); // the requester is the only good one: any other
            }
            // Uniform over the others: draw among one fewer and skip the requester's place.
            int j = r.nextInt(good.length - 1);
            i = j < i ? j : j + 1;
        }
        int k = good[i];
        return new EncodedPeers(joined, new int[] {offsets[k], offsets[k + 1] - 1}, 1, 1);
    }

    private boolean isRequester(int k, InetSocketAddress requester, int requesterHash) {
        // The hash first: one int per entry, and equals only on a match.
        return entries[k].addressHash() == requesterHash && entries[k].address().equals(requester);
    }

    /** How many of the fastest entries lead a reply of at most {@code requestedMax}: half, rounded up, of the fast block. */
    private int fastest(int requestedMax) {
        return Math.min(fastCount, (requestedMax + 1) / 2);
    }

    /** The runs of one reply, gathered as ranges of entries and turned into byte offsets at the end. */
    private final class Runs {
        private final InetSocketAddress requester;
        private final int requesterHash;
        private final int max;
        private final int[] bounds = new int[2 * MAX_RUNS];
        private int size;
        private int count;

        Runs(InetSocketAddress requester, int max) {
            this.requester = requester;
            this.requesterHash = requester.hashCode();
            this.max = max;
        }

        /** Takes entries {@code from} to {@code to}, in order, leaving out the requester, until {@code max}. */
        void take(int from, int to) {
            while (from < to && count < max) {
                int end = Math.min(to, from + (max - count));
                int self = indexOfRequester(from, end);
                int stop = self < 0 ? end : self;
                if (stop > from) {
                    add(from, stop);
                }
                from = self < 0 ? end : self + 1;
            }
        }

        private int indexOfRequester(int from, int to) {
            for (int k = from; k < to; k++) {
                if (isRequester(k, requester, requesterHash)) {
                    return k;
                }
            }
            return -1;
        }

        private void add(int from, int to) {
            count += to - from;
            if (size > 0 && bounds[2 * size - 1] == from) {
                bounds[2 * size - 1] = to; // continues the previous run (a window that starts at 0)
                return;
            }
            bounds[2 * size] = from;
            bounds[2 * size + 1] = to;
            size++;
        }

        EncodedPeers encoded() {
            for (int i = 0; i < 2 * size; i += 2) {
                bounds[i] = offsets[bounds[i]];
                bounds[i + 1] = offsets[bounds[i + 1]] - 1; // without the comma after the run
            }
            return new EncodedPeers(joined, bounds, size, count);
        }
    }
}
