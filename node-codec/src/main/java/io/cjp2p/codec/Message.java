package io.cjp2p.codec;

/**
 * One element of a CJP2P datagram: a JSON object with a single key, the message type.
 *
 * <p>The six core messages are modelled as records; everything else is an {@link OtherMessage}
 * that keeps its raw text so that later features and relays lose nothing. {@link EncodedPeers} is
 * a Peers message the sender rendered ahead of time.
 */
public sealed interface Message
        permits PleaseSendPeers, Peers, PleaseReturnThisMessage, ReturnedMessage,
                PleaseAlwaysReturnThisMessage, AlwaysReturned, OtherMessage, EncodedPeers {

    /** The wire name of the message, e.g. {@code PleaseSendPeers}. */
    String type();
}
