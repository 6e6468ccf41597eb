package io.cjp2p.node.pipeline;

/**
 * What happened to an identity message (keys, signatures, encryption, lookups, chat) or to the
 * discovery of unverified askers; each is an {@code event} label of the identity counter, so the set
 * stays bounded.
 */
public enum IdentityEvent {
    /** A SignedMessage whose signature holds: its payload was handled with the signer known. */
    SIGNATURE_VALID("signature_valid"),
    /** A SignedMessage whose signature does not hold: skipped. */
    SIGNATURE_INVALID("signature_invalid"),
    /** An EncryptedMessages or FastEncryptedMessages opened with our key. */
    DECRYPTED("decrypted"),
    /** One that did not open (not for us, tampered, malformed): skipped. */
    DECRYPTION_FAILED("decryption_failed"),
    /** An EncryptedMessages from a key we have never bound to an address: skipped, as Rust does. */
    SENDER_UNKNOWN("sender_unknown"),
    /** A signed or decrypted payload that is not a message array. */
    BAD_PAYLOAD("bad_payload"),
    /** Containers nested deeper than we open. */
    TOO_DEEP("too_deep"),
    /** A signature check or decryption refused: its source's budget was spent. */
    CRYPTO_BUDGET_SOURCE("crypto_budget_source"),
    /** A signature check or decryption refused: the node's budget was spent. */
    CRYPTO_BUDGET_GLOBAL("crypto_budget_global"),
    /** A key that is not a point of the curve (or is our own): never bound. */
    INVALID_KEY("invalid_key"),
    /** A key bound to an address for the first time. */
    KEY_BOUND("key_bound"),
    /** A key moved to a new address on a signed proof in a verified datagram. */
    KEY_MOVED("key_moved"),
    /** A binding refused: the key is bound elsewhere without proof, the address holds another key, or the directory is full. */
    KEY_REFUSED("key_refused"),
    /** A WhereAreThey answered with a Forwarded. */
    LOOKUP_ANSWERED("lookup_answered"),
    /** A WhereAreThey for a key we cannot vouch for: no answer. */
    LOOKUP_UNKNOWN("lookup_unknown"),
    /** A Forwarded answering one of our lookups: its address was probed. */
    FORWARDED_PROBED("forwarded_probed"),
    /** A Forwarded that answers nothing we asked (or names an address we will not probe): ignored. */
    FORWARDED_IGNORED("forwarded_ignored"),
    /** A chat line from an authenticated sender, logged. */
    CHAT_LOGGED("chat_logged"),
    /** A chat line from an unauthenticated sender, or over the log budget: not logged. */
    CHAT_DROPPED("chat_dropped"),
    /** A datagram of ours, encrypted to a key. */
    SENT_ENCRYPTED("sent_encrypted"),
    /** Messages for a key whose address we do not know yet, held while we ask where it is. */
    SEND_HELD("send_held"),
    /** Messages for a key given up: held too long, the queue full, or the key unusable. */
    SEND_DROPPED("send_dropped"),
    /** An unverified asker queued for a first contact: a round-trip nonce whose return verifies it. */
    FIRST_CONTACT("first_contact"),
    /** An unverified asker not sent a first contact: its IP had one this minute, or the node's rate is spent. */
    FIRST_CONTACT_LIMITED("first_contact_limited");

    private final String label;

    IdentityEvent(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
