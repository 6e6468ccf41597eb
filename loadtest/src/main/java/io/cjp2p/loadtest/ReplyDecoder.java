package io.cjp2p.loadtest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import io.cjp2p.codec.ReusableParser;

import java.io.IOException;
import java.util.Arrays;

/**
 * The flooder's reply decoder: a full streaming JSON parse of the datagram (so a reply that is not
 * well-formed JSON of the right shape does not count), keeping only what matching needs. It does
 * not turn the 46 addresses of a Peers reply into socket addresses: the codec's decoder spends
 * most of its time there, which made the flooder, not the node, the bottleneck of the peers
 * benchmark. Each Peers entry must still be a JSON string.
 *
 * <p>One instance per event loop; not thread-safe.
 */
final class ReplyDecoder {
    private static final JsonFactory JSON = new JsonFactory();
    /** No sequence number: the datagram answers no request. */
    static final long NO_MATCH = -1;

    /** What one datagram carried. */
    long sequence;
    /** Entries of the Peers message, or -1 when there was none. */
    int peers;
    boolean alwaysReturned;
    /** The datagram carried a Content message. */
    boolean content;
    /** The node started this datagram itself (it asks for a round trip). */
    boolean probe;
    /** Where the body of a PleaseAlwaysReturnThisMessage (the node's cookie) is, or -1 when there was none. */
    private int cookieStart;
    private int cookieEnd;
    private byte[] data;

    private final boolean rawEcho;
    /** Reused reply after reply: a parser per reply was most of the flooder's garbage, and its GC pauses
     *  showed up as latency (see ReusableParser). */
    private final ReusableParser.Slot parser = new ReusableParser.Slot(JSON);

    ReplyDecoder(boolean rawEcho) {
        this.rawEcho = rawEcho;
    }

    /** @return false when the datagram is not a JSON array of single-key objects with sane bodies */
    boolean decode(byte[] data, int length) {
        sequence = NO_MATCH;
        peers = -1;
        alwaysReturned = false;
        content = false;
        probe = false;
        cookieStart = -1;
        this.data = data;
        try {
            boolean ok = parse(parser.begin(data, length), data);
            parser.finished();
            return ok;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The node's cookie from the last datagram decoded, copied; {@code null} when it carried none. */
    byte[] cookie() {
        return cookieStart < 0 ? null : Arrays.copyOfRange(data, cookieStart, cookieEnd);
    }

    private boolean parse(ReusableParser p, byte[] data) throws IOException {
        if (p.nextToken() != JsonToken.START_ARRAY) {
            return false;
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            if (p.nextToken() != JsonToken.FIELD_NAME) {
                return false;
            }
            String type = p.currentName();
            JsonToken body = p.nextToken();
            int start = p.tokenOffset();
            switch (type) {
                case "ReturnedMessage", "PleaseReturnThisMessage" -> {
                    p.skipChildren();
                    boolean answer = rawEcho == type.equals("PleaseReturnThisMessage");
                    if (answer && body == JsonToken.START_OBJECT) {
                        sequence = sequence(data, start, p.offset());
                    } else if (!rawEcho) {
                        probe = true;
                    }
                }
                case "Peers" -> {
                    if (body != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                            || !"peers".equals(p.currentName()) || p.nextToken() != JsonToken.START_ARRAY) {
                        return false;
                    }
                    int n = 0;
                    while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
                        n++;
                    }
                    if (t != JsonToken.END_ARRAY || p.nextToken() != JsonToken.END_OBJECT) {
                        return false;
                    }
                    peers = n;
                }
                case "PleaseSendPeers" -> {
                    p.skipChildren();
                    if (rawEcho) {
                        peers = 0;
                    }
                }
                case "Content" -> {
                    p.skipChildren();
                    content = body == JsonToken.START_OBJECT;
                }
                case "AlwaysReturned" -> {
                    p.skipChildren();
                    alwaysReturned = true;
                }
                case "PleaseAlwaysReturnThisMessage" -> {
                    if (body == JsonToken.VALUE_STRING) {
                        p.finishToken();
                    } else {
                        p.skipChildren();
                    }
                    cookieStart = start;
                    cookieEnd = p.offset();
                }
                default -> p.skipChildren();
            }
            if (p.nextToken() != JsonToken.END_OBJECT) {
                return false;
            }
        }
        return t == JsonToken.END_ARRAY && p.nextToken() == null;
    }

    /** {@code {"n":DIGITS}} exactly, else no match. */
    static long sequence(byte[] data, int start, int end) {
        int n = end - start;
        if (n < 7 || n > 25 || data[start] != '{' || data[start + 1] != '"' || data[start + 2] != 'n'
                || data[start + 3] != '"' || data[start + 4] != ':' || data[end - 1] != '}') {
            return NO_MATCH;
        }
        long v = 0;
        for (int i = start + 5; i < end - 1; i++) {
            int d = data[i] - '0';
            if (d < 0 || d > 9) {
                return NO_MATCH;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
