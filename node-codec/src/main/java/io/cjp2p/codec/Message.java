package io.cjp2p.codec;

/**
 * One element of a CJP2P datagram: a JSON object with a single key, the message type.
 *
 * <p>The six core messages, the identity messages and the content messages are modelled as records; everything else is
 * an {@link OtherMessage} that keeps its raw text so that later features and relays lose nothing.
 * A {@link PreEncoded} element is one the sender rendered ahead of time; the decoder never makes one.
 */
public sealed interface Message
        permits PleaseSendPeers, Peers, PleaseReturnThisMessage, ReturnedMessage,
                PleaseAlwaysReturnThisMessage, AlwaysReturned,
                MyPublicKey, SignedMessage, EncryptedMessages, FastEncryptedMessages, WhereAreThey, Forwarded,
                ChatMessage, PleaseSendContent, Content, MaybeTheyHaveSome, PleaseListContent, ContentList,
                IJustSawThis, OtherMessage, PreEncoded {

    /** The wire name of the message, e.g. {@code PleaseSendPeers}. */
    String type();
}
