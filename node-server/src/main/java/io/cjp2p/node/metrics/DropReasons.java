package io.cjp2p.node.metrics;

import io.cjp2p.codec.DropReason;
import io.cjp2p.node.limit.InboundLimiter;
import io.cjp2p.node.limit.ReplyLimiter;
import io.cjp2p.node.pipeline.SourceFilter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * The bounded set of {@code reason} labels for dropped datagrams.
 *
 * <p>The codec's {@link DropReason}s and a fixed list of refusals outside the codec are known up
 * front. Other parts of the node (rate limiting, later) may refuse datagrams for reasons this class
 * has never heard of; such a reason gets its own label the first time it is seen, as long as it looks
 * like a label and there is room, and is counted as {@code other} after that. So the label set is
 * bounded by {@link #CAPACITY} whatever callers pass.
 *
 * <p>Lookups of a known reason are one lock-free hash lookup without allocation. Registering a new
 * reason takes a lock, but that happens at most {@link #CAPACITY} times in the life of the node.
 */
public final class DropReasons {
    /** The most distinct reason labels, including {@code other}. */
    public static final int CAPACITY = 24;
    public static final String OTHER = "other";
    /** Refusals outside the codec, registered up front so that their series exist at zero. */
    static final String[] KNOWN_REFUSALS = {
        SourceFilter.BAD_SOURCE, SourceFilter.OWN_ADDRESS,
        InboundLimiter.RATE_LIMITED_SOURCE, InboundLimiter.RATE_LIMITED_PREFIX,
        ReplyLimiter.REPLY_BUDGET, ReplyLimiter.REPLY_CEILING
    };
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    private final String[] labels = new String[CAPACITY];
    private final ConcurrentHashMap<String, Integer> indexes = new ConcurrentHashMap<>();
    private final int otherIndex;
    private volatile int size;
    /** Told the index of each new label, to create its meter. */
    private volatile IntConsumer onNewLabel = i -> { };

    public DropReasons() {
        for (DropReason r : DropReason.values()) {
            add(r.label());
        }
        for (String r : KNOWN_REFUSALS) {
            add(r);
        }
        otherIndex = add(OTHER);
    }

    private int add(String label) {
        int i = size;
        labels[i] = label;
        indexes.put(label, i);
        size = i + 1;
        return i;
    }

    /** The codec's reasons occupy the first slots, in ordinal order. */
    static int indexOf(DropReason reason) {
        return reason.ordinal();
    }

    /** The slot of {@code reason}, registering it when it is new, well-formed and there is room. */
    int indexOf(String reason) {
        Integer i = reason == null ? null : indexes.get(reason);
        return i != null ? i : register(reason);
    }

    private synchronized int register(String reason) {
        if (reason == null || !LABEL.matcher(reason).matches()) {
            return otherIndex;
        }
        Integer again = indexes.get(reason);
        if (again != null) {
            return again;
        }
        if (size >= CAPACITY) {
            return otherIndex;
        }
        int i = add(reason);
        onNewLabel.accept(i);
        return i;
    }

    void onNewLabel(IntConsumer listener) {
        onNewLabel = listener;
    }

    int size() {
        return size;
    }

    String label(int index) {
        return labels[index];
    }
}
