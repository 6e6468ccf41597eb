package io.cjp2p.node.pipeline;

import io.cjp2p.codec.DropReason;
import io.cjp2p.codec.SkipReason;
import io.cjp2p.node.peer.RoundTripRejection;

/**
 * What happens to datagrams on the packet path, told to whoever counts it.
 *
 * <p>Every method is called on an event-loop thread, once per event, on the hot path: an
 * implementation must not block, lock or allocate.
 */
public interface NodeEvents {
    /** Counts nothing; for tests and for running with metrics off. */
    NodeEvents NONE = new NodeEvents() { };

    default void datagramReceived(int bytes) { }

    default void datagramDropped(DropReason reason) { }

    /** Dropped before decoding for a reason that is not the codec's (bad source, rate limit …). */
    default void datagramRefused(Refusal reason) { }

    default void elementSkipped(SkipReason reason) { }

    default void messageReceived(MessageType type) { }

    default void datagramValidated(boolean verified) { }

    /**
     * A reply lost messages to the 2x rule (any message, our own cookie included) or to the UDP
     * size cap; {@code messagesRemoved} is how many.
     */
    default void replyTrimmed(int messagesRemoved) { }

    default void datagramSent(int bytes) { }

    default void messageSent(MessageType type) { }

    /** A round trip measured through our own PleaseReturnThisMessage. */
    default void roundTrip(long nanos) { }

    /** A verified peer's ReturnedMessage that gave no round trip (forged, replayed, late, misdirected). */
    default void roundTripRejected(RoundTripRejection reason) { }

    /**
     * Something happened to an identity message (see {@link IdentityEvent}); the send events may
     * also come from a thread that called the send-to-a-key API.
     */
    default void identity(IdentityEvent event) { }

    /** Time spent on one datagram, from decode to the reply being queued. */
    default void datagramProcessed(long nanos) { }
}
