package io.cjp2p.node.pipeline;

/**
 * The {@code type} labels of the message counters. A peer can send any type name it likes, so
 * every name outside this set is counted as {@link #OTHER} and the label set stays bounded.
 */
public enum MessageType {
    PLEASE_SEND_PEERS("PleaseSendPeers"),
    PEERS("Peers"),
    PLEASE_RETURN_THIS_MESSAGE("PleaseReturnThisMessage"),
    RETURNED_MESSAGE("ReturnedMessage"),
    PLEASE_ALWAYS_RETURN_THIS_MESSAGE("PleaseAlwaysReturnThisMessage"),
    ALWAYS_RETURNED("AlwaysReturned"),
    MY_PUBLIC_KEY("MyPublicKey"),
    SIGNED_MESSAGE("SignedMessage"),
    ENCRYPTED_MESSAGES("EncryptedMessages"),
    FAST_ENCRYPTED_MESSAGES("FastEncryptedMessages"),
    WHERE_ARE_THEY("WhereAreThey"),
    FORWARDED("Forwarded"),
    CHAT_MESSAGE("ChatMessage"),
    PLEASE_SEND_CONTENT("PleaseSendContent"),
    CONTENT("Content"),
    MAYBE_THEY_HAVE_SOME("MaybeTheyHaveSome"),
    PLEASE_LIST_CONTENT("PleaseListContent"),
    CONTENT_LIST("ContentList"),
    I_JUST_SAW_THIS("IJustSawThis"),
    OTHER("other");

    private static final MessageType[] VALUES = values();

    private final String label;

    MessageType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The type a wire name is counted under; allocates nothing. */
    public static MessageType of(String wireName) {
        if (wireName == null) {
            return OTHER;
        }
        // The codec's records return these very literals, so identity settles the common case.
        for (int i = 0; i < VALUES.length - 1; i++) {
            if (wireName == VALUES[i].label) {
                return VALUES[i];
            }
        }
        for (int i = 0; i < VALUES.length - 1; i++) {
            if (VALUES[i].label.equals(wireName)) {
                return VALUES[i];
            }
        }
        return OTHER;
    }
}
