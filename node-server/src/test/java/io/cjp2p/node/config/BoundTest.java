package io.cjp2p.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of flag ranges. */
class BoundTest {
    @ParameterizedTest
    @EnumSource(Bound.class)
    void checkTakesTheBoundsAndRefusesOneBeyondNamingTheFlag(Bound b) {
        assertEquals(b.min(), b.check(b.min()));
        assertEquals(b.max(), b.check(b.max()));
        for (long bad : new long[] {b.min() - 1, b.max() + 1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.check(bad));
            assertEquals(b.flag() + " must be in " + b.range() + ", got " + bad, e.getMessage());
        }
    }

    @Test
    void flagsAreDistinctAndEveryIntBoundFitsAnInt() {
        Set<String> flags = new HashSet<>();
        for (Bound b : Bound.values()) {
            assertTrue(flags.add(b.flag()), b.flag());
            assertTrue(b.flag().startsWith("--"));
            assertTrue(b.min() <= b.max());
            assertTrue(b.max() <= Integer.MAX_VALUE, b.flag());
        }
    }

    @Test
    void periodsAreCheckedInTheFlagsUnit() {
        assertEquals(Duration.ofMillis(10), Bound.TICK.check(Duration.ofMillis(10)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bound.TICK.check(Duration.ofMillis(9)));
        assertEquals("--tick-ms must be in 10..60000, got 9", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Bound.TICK.check(Duration.ofNanos(9_999_999)));
        assertTrue(e.getMessage().endsWith("got PT0.009999999S"), "a fraction of the unit is shown as is: " + e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Bound.BUSY_POLL.check(Duration.ofSeconds(Long.MAX_VALUE)));
        assertTrue(e.getMessage().startsWith("--busy-poll must be in 0..1000000, got PT"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bound.PEER_TTL.check((Duration) null));
    }

    @Test
    void everyLongBecomesAPeriodExactly() {
        assertEquals(Duration.ofSeconds(Long.MAX_VALUE), Bound.PEER_TTL.toDuration(Long.MAX_VALUE));
        assertEquals(Duration.of(Long.MAX_VALUE, ChronoUnit.MICROS), Bound.BUSY_POLL.toDuration(Long.MAX_VALUE));
        assertEquals(Duration.ofNanos(-1000), Bound.BUSY_POLL.toDuration(-1));
        assertEquals("9223372036854775807", Bound.BUSY_POLL.amount(Bound.BUSY_POLL.toDuration(Long.MAX_VALUE)));
    }

    /** The longest period in nanoseconds, doubled, still fits a long: no toNanos or sum of two can overflow. */
    @Test
    void theLongestPeriodLeavesRoomInNanoseconds() {
        assertEquals(30L * 24 * 3600, Bound.PEER_TTL.max());
        assertEquals(Bound.LONGEST_PERIOD, Bound.PEER_TTL.toDuration(Bound.PEER_TTL.max()));
        assertEquals(Bound.LONGEST_PERIOD, Bound.COOKIE_ROTATION.toDuration(Bound.COOKIE_ROTATION.max()));
        Math.multiplyExact(Bound.LONGEST_PERIOD.toNanos(), 2L);
        assertEquals(LimitsConfig.Rate.MAX_BURST, 2 * Bound.LIMIT_GLOBAL_REPLY_BYTES.max());
        Math.multiplyExact(LimitsConfig.Rate.MAX_BURST, 1_000_000_000L);
    }
}
