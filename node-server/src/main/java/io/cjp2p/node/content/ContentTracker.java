package io.cjp2p.node.content;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Who asked for, or said they hold, objects this node does not have (PROTOCOL.md 6.6): the tracker
 * behind {@code MaybeTheyHaveSome}. Rust keeps one file per id with no limit; a flood of invented
 * ids must not grow this one, so it is a fixed table of {@link #ID_SLOTS} slots, each id placed in
 * the emptier or staler of two slots picked by a keyed hash, with at most {@link #SOURCES_PER_ID}
 * sources per id and every entry forgotten after {@link #MAX_AGE_NANOS}. A flood can push real
 * entries out, but memory stays bounded at about slots times sources.
 *
 * <p>Lock-free: each slot holds an immutable entry replaced by compare-and-set.
 */
public final class ContentTracker {
    public static final int ID_SLOTS = 4096;
    public static final int SOURCES_PER_ID = 48;
    static final long MAX_AGE_NANOS = 3600L * 1_000_000_000L;

    private record Source(InetSocketAddress address, boolean verified, long seenNanos) {
    }

    private record Entry(String id, Source[] sources, long newestNanos) {
    }

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;
    private final long seed = new SecureRandom().nextLong();

    public ContentTracker() {
        this(ID_SLOTS);
    }

    ContentTracker(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("a power of two");
        }
        this.slots = new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
    }

    /** Notes {@code source} as a possible holder of {@code id}, which must be a {@link ContentId#isSha256} id. */
    public void record(String id, InetSocketAddress source, boolean verified, long now) {
        int a = slot(id, 0);
        int b = slot(id, 1);
        for (int attempt = 0; attempt < 4; attempt++) {
            Entry ea = slots.get(a);
            Entry eb = slots.get(b);
            int at;
            Entry old;
            if (ea != null && ea.id().equals(id)) {
                at = a;
                old = ea;
            } else if (eb != null && eb.id().equals(id)) {
                at = b;
                old = eb;
            } else {
                // A new id takes the empty, expired or least recently seen of its two slots.
                boolean takeA = score(ea, now) <= score(eb, now);
                at = takeA ? a : b;
                old = takeA ? ea : eb;
                Entry fresh = new Entry(id, new Source[] {new Source(source, verified, now)}, now);
                if (slots.compareAndSet(at, old, fresh)) {
                    return;
                }
                continue;
            }
            if (slots.compareAndSet(at, old, withSource(old, source, verified, now))) {
                return;
            }
        }
        // Lost four races for the same slots: another thread is recording this id right now.
    }

    /**
     * Up to {@code max} recent sources of {@code id} other than {@code asker}, verified ones first.
     */
    public List<InetSocketAddress> sources(String id, InetSocketAddress asker, int max, long now) {
        Entry e = find(id);
        if (e == null || max <= 0) {
            return List.of();
        }
        List<InetSocketAddress> out = new ArrayList<>(Math.min(max, e.sources().length));
        for (int pass = 0; pass < 2; pass++) {
            for (int i = e.sources().length - 1; i >= 0 && out.size() < max; i--) {
                Source s = e.sources()[i];
                if (s.verified() == (pass == 0) && now - s.seenNanos() < MAX_AGE_NANOS && !s.address().equals(asker)) {
                    out.add(s.address());
                }
            }
        }
        return out;
    }

    /** Ids with a source seen within the age limit (a walk over the table: for metrics, not per datagram). */
    public int size(long now) {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            Entry e = slots.get(i);
            if (e != null && now - e.newestNanos() < MAX_AGE_NANOS) {
                n++;
            }
        }
        return n;
    }

    /** Sources held in the whole table, expired ones included (what memory holds). */
    public int sourceCount() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            Entry e = slots.get(i);
            if (e != null) {
                n += e.sources().length;
            }
        }
        return n;
    }

    private Entry find(String id) {
        Entry e = slots.get(slot(id, 0));
        if (e != null && e.id().equals(id)) {
            return e;
        }
        e = slots.get(slot(id, 1));
        return e != null && e.id().equals(id) ? e : null;
    }

    /** Lower is a better slot to overwrite: empty, then expired, then the one seen least recently. */
    private static long score(Entry e, long now) {
        if (e == null) {
            return Long.MIN_VALUE;
        }
        long age = now - e.newestNanos();
        return age >= MAX_AGE_NANOS ? Long.MIN_VALUE + 1 : -age;
    }

    private static Entry withSource(Entry old, InetSocketAddress source, boolean verified, long now) {
        Source[] s = old.sources();
        List<Source> kept = new ArrayList<>(s.length + 1);
        for (Source x : s) {
            // The source again goes to the end (the most recent); expired ones go.
            if (!x.address().equals(source) && now - x.seenNanos() < MAX_AGE_NANOS) {
                kept.add(x);
            }
        }
        kept.add(new Source(source, verified || wasVerified(s, source), now));
        while (kept.size() > SOURCES_PER_ID) {
            kept.remove(oldestUnverifiedOrFirst(kept));
        }
        return new Entry(old.id(), kept.toArray(new Source[0]), now);
    }

    private static boolean wasVerified(Source[] sources, InetSocketAddress address) {
        for (Source x : sources) {
            if (x.verified() && x.address().equals(address)) {
                return true;
            }
        }
        return false;
    }

    /** A full list loses its oldest unverified source, so forged askers cannot push verified ones out. */
    private static int oldestUnverifiedOrFirst(List<Source> sources) {
        for (int i = 0; i < sources.size(); i++) {
            if (!sources.get(i).verified()) {
                return i;
            }
        }
        return 0;
    }

    private int slot(String id, int which) {
        long h = seed ^ (which == 0 ? 0x9E3779B97F4A7C15L : 0xC2B2AE3D27D4EB4FL);
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001B3L;
        }
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (int) h & mask;
    }
}
