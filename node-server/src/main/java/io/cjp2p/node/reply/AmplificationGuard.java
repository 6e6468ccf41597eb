package io.cjp2p.node.reply;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.DecoderLimits;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.RawJson;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * The 2x rule (draft-04 makes it a MUST): a reply to an unverified datagram, whose source may be
 * forged, is never larger than twice the request, counting 28 bytes of IPv4+UDP header on both
 * sides: {@code reply + 28 <= 2 * (request + 28)}. It is deterministic, unlike the Rust node's
 * random threshold, so a test can hold us to it.
 *
 * <p>Trimming priority, highest first; an item that does not fit is left out and the next one is
 * still tried:
 * <ol>
 *   <li>the echo of the cookie the sender put in this datagram (AlwaysReturned): it completes the
 *       sender's handshake, and it is always smaller than the message that carried it;</li>
 *   <li>the answers, in the order of the requests (the dispatcher has already cut an unverified
 *       Peers to one entry, so a lone 24-byte PleaseSendPeers still gets its Peers);</li>
 *   <li>our own cookie (PleaseAlwaysReturnThisMessage), so the sender can verify next time.</li>
 * </ol>
 */
public final class AmplificationGuard {

    private AmplificationGuard() {
    }

    /** The largest reply payload allowed for a request payload of {@code requestSize} bytes. */
    public static int budget(int requestSize) {
        return 2 * (requestSize + DecoderLimits.IP_UDP_HEADER_BYTES) - DecoderLimits.IP_UDP_HEADER_BYTES;
    }

    /**
     * Cuts the reply to an unverified datagram down to the budget, in place: the list the
     * dispatcher made is completed and trimmed rather than copied, so a reply costs no new list.
     * The sizes it adds up on the way are the datagram's, so it returns that length and the caller
     * does not measure the list again.
     *
     * @param reply       the answers, in request order; on return, the messages to send (possibly none)
     * @param echo        the body of the sender's cookie from this datagram, or {@code null}
     * @param ours        our cookie for the sender's IP
     * @param requestSize the request's UDP payload size
     * @param trimmed     told how many messages were left out, when any were: answers, the echo, and
     *                    our own cookie alike (a reply that lost only our cookie was still trimmed)
     * @return the encoded length of the datagram {@code reply} now holds
     */
    public static int fit(List<Message> reply, RawJson echo, PleaseAlwaysReturnThisMessage ours, int requestSize,
                          IntConsumer trimmed) {
        int budget = Math.min(budget(requestSize), DecoderLimits.UDP_MAX_PAYLOAD);
        int used = 2; // the enclosing [ ]
        int first = 0;
        int dropped = 0;
        if (echo != null) {
            AlwaysReturned returned = new AlwaysReturned(echo);
            int cost = MessageEncoder.encodedLength(returned);
            if (used + cost <= budget) {
                reply.add(0, returned);
                used += cost;
                first = 1;
            } else {
                dropped++;
            }
        }
        for (int i = first; i < reply.size(); ) {
            int cost = MessageEncoder.encodedLength(reply.get(i)) + (i == 0 ? 0 : 1); // a comma after the first
            if (used + cost > budget) {
                reply.remove(i);
                dropped++;
            } else {
                used += cost;
                i++;
            }
        }
        int cost = MessageEncoder.encodedLength(ours) + (reply.isEmpty() ? 0 : 1);
        if (used + cost <= budget) {
            reply.add(ours);
            used += cost;
        } else {
            dropped++;
        }
        if (dropped > 0) {
            trimmed.accept(dropped);
        }
        return used;
    }

    /**
     * Cuts a reply to a verified source down to the UDP maximum, dropping from the end. Only a
     * reply echoing a near-maximal request, with a cookie attached, can need it.
     *
     * @return how many messages were removed
     */
    public static int fitDatagram(List<Message> messages) {
        int removed = 0;
        while (!messages.isEmpty() && MessageEncoder.datagramLength(messages) > DecoderLimits.UDP_MAX_PAYLOAD) {
            messages.remove(messages.size() - 1);
            removed++;
        }
        return removed;
    }
}
