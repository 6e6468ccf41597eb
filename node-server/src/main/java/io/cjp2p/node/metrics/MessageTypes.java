package io.cjp2p.node.metrics;

/**
 * The bounded set of {@code type} labels for message counters: the six core messages and
 * {@code other}. A peer can send any type name it likes, so anything else must collapse into
 * {@code other} or the label set would grow without bound.
 */
public final class MessageTypes {
    public static final String OTHER = "other";
    /** Labels by index; the index is a slot offset in {@link LoopCounters}. */
    static final String[] LABELS = {
        "PleaseSendPeers", "Peers", "PleaseReturnThisMessage", "ReturnedMessage",
        "PleaseAlwaysReturnThisMessage", "AlwaysReturned", OTHER
    };
    static final int COUNT = LABELS.length;
    static final int OTHER_INDEX = COUNT - 1;

    private MessageTypes() {
    }

    /** The label index of a wire name; a string switch hashes (cached) and compares, allocating nothing. */
    static int indexOf(String type) {
        if (type == null) {
            return OTHER_INDEX;
        }
        // The codec's records return these very literals, so identity settles the common case.
        for (int i = 0; i < OTHER_INDEX; i++) {
            if (type == LABELS[i]) {
                return i;
            }
        }
        switch (type) {
            case "PleaseSendPeers": return 0;
            case "Peers": return 1;
            case "PleaseReturnThisMessage": return 2;
            case "ReturnedMessage": return 3;
            case "PleaseAlwaysReturnThisMessage": return 4;
            case "AlwaysReturned": return 5;
            default: return OTHER_INDEX;
        }
    }

    /** The label a type name is counted under. */
    public static String label(String type) {
        return LABELS[indexOf(type)];
    }
}
