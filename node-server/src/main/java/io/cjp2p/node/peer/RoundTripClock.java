package io.cjp2p.node.peer;

import io.cjp2p.codec.Cookies;
import io.cjp2p.codec.RawJson;

import java.util.Locale;

/**
 * Makes the payload of our own PleaseReturnThisMessage and reads the round-trip time back from
 * the ReturnedMessage.
 *
 * <p>The payload is {@code {"cookie":"<seconds since start>"}}, the Rust node's own shape, because
 * Rust returns only the {@code cookie} field and every other implementation returns the body
 * verbatim; so the timestamp travels with the probe and we keep no per-probe state.
 */
public final class RoundTripClock {
    /** Answers slower than this are not round trips we can trust (or not ours). */
    private static final long MAX_RTT_NANOS = 60_000_000_000L;

    private final long startNanos;

    public RoundTripClock(long startNanos) {
        this.startNanos = startNanos;
    }

    public RawJson probeBody(long nowNanos) {
        double seconds = (nowNanos - startNanos) / 1e9;
        return Cookies.body(String.format(Locale.ROOT, "%.6f", seconds));
    }

    /** The round trip in nanoseconds, or -1 when the body is not a timestamp of ours. */
    public long roundTripNanos(RawJson returned, long nowNanos) {
        String text = Cookies.extract(returned);
        if (text == null || text.isEmpty() || text.length() > 24) {
            return -1;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return -1;
        }
        if (!(seconds >= 0)) {
            return -1;
        }
        long sent = startNanos + (long) (seconds * 1e9);
        long rtt = nowNanos - sent;
        return rtt >= 0 && rtt <= MAX_RTT_NANOS ? rtt : -1;
    }
}
