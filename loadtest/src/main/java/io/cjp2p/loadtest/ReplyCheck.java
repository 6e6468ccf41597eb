package io.cjp2p.loadtest;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.ReturnedMessage;

import java.util.List;

/**
 * Decides whether a decoded reply answers a request, and which one.
 *
 * <p>From the node, the answer to {@code {"PleaseReturnThisMessage":{"n":SEQ}}} is a
 * ReturnedMessage with the identical body; a peers request must also get a Peers message, and a
 * verified request that carried our cookie must get it back in AlwaysReturned. From the raw floor
 * echo the reply is the request itself, so the same checks look for the request's own messages.
 */
final class ReplyCheck {
    /** No sequence number: the reply does not answer any request. */
    static final long NO_MATCH = -1;

    private final boolean rawEcho;

    ReplyCheck(boolean rawEcho) {
        this.rawEcho = rawEcho;
    }

    /** The sequence number the reply answers, or {@link #NO_MATCH}. */
    long sequence(List<Message> reply) {
        for (int i = 0; i < reply.size(); i++) {
            Message m = reply.get(i);
            RawJson body = rawEcho
                    ? m instanceof PleaseReturnThisMessage p ? p.body() : null
                    : m instanceof ReturnedMessage r ? r.body() : null;
            if (body != null) {
                return parseSequence(body);
            }
        }
        return NO_MATCH;
    }

    /**
     * Whether the rest of the reply is right for the request: Peers when peers were asked for,
     * our cookie when we sent one.
     *
     * @return the number of peers handed out (0 when none asked), or -1 when the reply is wrong
     */
    int check(List<Message> reply, boolean askedPeers, boolean sentCookie) {
        int peers = askedPeers ? -1 : 0;
        boolean cookie = !sentCookie;
        for (int i = 0; i < reply.size(); i++) {
            Message m = reply.get(i);
            if (askedPeers) {
                if (rawEcho && m instanceof PleaseSendPeers) {
                    peers = 0;
                } else if (!rawEcho && m instanceof Peers p) {
                    peers = p.peers().size();
                }
            }
            if (m instanceof AlwaysReturned) {
                cookie = true;
            }
        }
        return cookie ? peers : -1;
    }

    /** A datagram the node starts itself: it asks for a round trip instead of answering one. */
    boolean isProbe(List<Message> datagram) {
        if (rawEcho) {
            return false;
        }
        for (int i = 0; i < datagram.size(); i++) {
            if (datagram.get(i) instanceof PleaseReturnThisMessage) {
                return true;
            }
        }
        return false;
    }

    /** The node's cookie in a handshake reply: the body of its PleaseAlwaysReturnThisMessage. */
    static RawJson nodeCookie(List<Message> reply) {
        for (int i = 0; i < reply.size(); i++) {
            if (reply.get(i) instanceof PleaseAlwaysReturnThisMessage p) {
                return p.body();
            }
        }
        return null;
    }

    /** Reads {@code {"n":DIGITS}} exactly; anything else is no match. */
    static long parseSequence(RawJson body) {
        int n = body.length();
        if (n < 7 || n > 25 || body.byteAt(0) != '{' || body.byteAt(1) != '"' || body.byteAt(2) != 'n'
                || body.byteAt(3) != '"' || body.byteAt(4) != ':' || body.byteAt(n - 1) != '}') {
            return NO_MATCH;
        }
        long v = 0;
        for (int i = 5; i < n - 1; i++) {
            int d = body.byteAt(i) - '0';
            if (d < 0 || d > 9) {
                return NO_MATCH;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
