package io.cjp2p.node.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The range of each numeric flag, declared once. The config records validate against it, so a
 * value out of range is refused with a message naming its flag, whether it came from the command
 * line or from code, and {@code --help} prints the same ranges.
 *
 * <p>Each upper bound keeps the arithmetic downstream inside a {@code long}: periods are at most
 * {@link #LONGEST_PERIOD} (2.6e15 ns), and a rate's burst, twice the rate, at most
 * {@link LimitsConfig.Rate#MAX_BURST}.
 */
public enum Bound {
    PORT("--port", 0, 65_535, null),
    THREADS("--threads", 1, 64, null),
    MAX_PEERS("--max-peers", 1, 10_000_000, null),
    MAX_CANDIDATES("--max-candidates", 1, 1_000_000, null),
    BUSY_POLL("--busy-poll", 0, 1_000_000, ChronoUnit.MICROS),
    TICK("--tick-ms", 10, 60_000, ChronoUnit.MILLIS),
    PEER_TTL("--peer-ttl-s", 10, Bound.LONGEST_PERIOD_S, ChronoUnit.SECONDS),
    COOKIE_ROTATION("--cookie-rotation-s", 10, Bound.LONGEST_PERIOD_S, ChronoUnit.SECONDS),
    HTTP_PORT("--http-port", 0, 65_535, null),
    /** 2^21: the three tables of 16-byte buckets take 96 MiB, well inside the 256 MiB heap of jvm.options. */
    LIMIT_TABLE_SIZE("--limit-table-size", 64, 1 << 21, null),
    LIMIT_UNVERIFIED_PPS("--limit-unverified-pps", 1, Bound.MAX_RATE, null),
    LIMIT_VERIFIED_PPS("--limit-verified-pps", 1, Bound.MAX_RATE, null),
    LIMIT_PREFIX_PPS("--limit-prefix-pps", 1, Bound.MAX_RATE, null),
    LIMIT_UNVERIFIED_REPLY_BYTES("--limit-unverified-reply-bytes", 1, Bound.MAX_RATE, null),
    LIMIT_VERIFIED_REPLY_BYTES("--limit-verified-reply-bytes", 1, Bound.MAX_RATE, null),
    LIMIT_GLOBAL_REPLY_BYTES("--limit-global-reply-bytes", 1, Bound.MAX_RATE, null);

    /** 30 days, in seconds: the longest TTL or rotation period; nothing needs longer. */
    private static final long LONGEST_PERIOD_S = 30L * 24 * 3600;
    /** Half of {@link LimitsConfig.Rate#MAX_BURST}, so that the default burst of two seconds fits. */
    private static final long MAX_RATE = LimitsConfig.Rate.MAX_BURST / 2;

    /** The longest period any setting may have, flag or not (the handout window, the probe interval). */
    public static final Duration LONGEST_PERIOD = Duration.ofSeconds(LONGEST_PERIOD_S);

    private final String flag;
    private final long min;
    private final long max;
    private final ChronoUnit unit;

    Bound(String flag, long min, long max, ChronoUnit unit) {
        this.flag = flag;
        this.min = min;
        this.max = max;
        this.unit = unit;
    }

    public String flag() {
        return flag;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** {@code min..max}, as help and messages print it. */
    public String range() {
        return min + ".." + max;
    }

    /**
     * {@code value} when it is in range.
     *
     * @throws IllegalArgumentException naming the flag, e.g. {@code --port must be in 0..65535, got 70000}
     */
    public long check(long value) {
        if (value < min || value > max) {
            throw outOfRange(Long.toString(value));
        }
        return value;
    }

    /** {@link #check(long)} for an int setting; every int bound fits an int. */
    public int check(int value) {
        return (int) check((long) value);
    }

    /**
     * {@code value} when it is in range, counted in this flag's unit.
     *
     * @throws IllegalArgumentException naming the flag
     */
    public Duration check(Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " must be given");
        }
        if (value.compareTo(Duration.of(min, unit)) < 0 || value.compareTo(Duration.of(max, unit)) > 0) {
            throw outOfRange(amount(value));
        }
        return value;
    }

    /** A flag's value as the period it stands for; exact for every long, checked by the records. */
    public Duration toDuration(long amount) {
        return Duration.of(amount, unit);
    }

    /** A period in this flag's unit, as the flag would be written; whole units only. */
    public String amount(Duration value) {
        try {
            long whole = value.dividedBy(unit.getDuration());
            if (Duration.of(whole, unit).equals(value)) {
                return Long.toString(whole);
            }
        } catch (ArithmeticException e) {
            // too long for a long in this unit: print the duration instead
        }
        return value.toString();
    }

    private IllegalArgumentException outOfRange(String got) {
        return new IllegalArgumentException(flag + " must be in " + range() + ", got " + got);
    }
}
