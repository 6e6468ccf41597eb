package io.cjp2p.node.config;

import io.cjp2p.node.config.LimitsConfig.Rate;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitsConfigTest {
    /** README.md, "Abuse limits": 20, 500, 2000 datagrams/s; 8192, 262144, 8388608 bytes/s; 65536 buckets. */
    @Test
    void theDefaultsAreTheDocumentedOnes() {
        LimitsConfig d = LimitsConfig.DEFAULT;
        assertTrue(d.enabled());
        assertEquals(65_536, d.tableSize());
        assertEquals(new Rate(20, 40), d.unverifiedDatagrams());
        assertEquals(new Rate(500, 1000), d.verifiedDatagrams());
        assertEquals(new Rate(2000, 4000), d.prefixDatagrams());
        assertEquals(new Rate(8192, Rate.LARGEST_DATAGRAM_BYTES), d.unverifiedReplyBytes());
        assertEquals(new Rate(262_144, 524_288), d.verifiedReplyBytes());
        assertEquals(new Rate(8_388_608, 16_777_216), d.globalReplyBytes());
    }

    @Test
    void offIsTheDefaultSwitchedOff() {
        assertFalse(LimitsConfig.OFF.enabled());
        assertEquals(LimitsConfig.DEFAULT, LimitsConfig.OFF.withEnabled(true));
    }

    @Test
    void eachRateIsCheckedAgainstItsFlagBeforeItsBurstIsWorkedOut() {
        assertRefused("--limit-table-size must be in 64..2097152, got 63", () -> LimitsConfig.of(true, 63, 1, 1, 1, 1, 1, 1));
        assertRefused("--limit-table-size must be in 64..2097152, got 2097153",
                () -> LimitsConfig.of(true, (1 << 21) + 1, 1, 1, 1, 1, 1, 1));
        assertRefused("--limit-unverified-pps must be in 1..500000000, got 0", () -> LimitsConfig.of(true, 64, 0, 1, 1, 1, 1, 1));
        assertRefused("--limit-verified-pps must be in 1..500000000, got 500000001",
                () -> LimitsConfig.of(true, 64, 1, 500_000_001, 1, 1, 1, 1));
        assertRefused("--limit-prefix-pps must be in 1..500000000, got " + Long.MAX_VALUE,
                () -> LimitsConfig.of(true, 64, 1, 1, Long.MAX_VALUE, 1, 1, 1));
        assertRefused("--limit-unverified-reply-bytes must be in 1..500000000, got -1",
                () -> LimitsConfig.of(true, 64, 1, 1, 1, -1, 1, 1));
        assertRefused("--limit-verified-reply-bytes must be in 1..500000000, got 0",
                () -> LimitsConfig.of(true, 64, 1, 1, 1, 1, 0, 1));
        assertRefused("--limit-global-reply-bytes must be in 1..500000000, got 600000000",
                () -> LimitsConfig.of(true, 64, 1, 1, 1, 1, 1, 600_000_000));
        LimitsConfig top = LimitsConfig.of(true, 1 << 21, 500_000_000, 500_000_000, 500_000_000, 500_000_000,
                500_000_000, 500_000_000);
        assertEquals(Rate.MAX_BURST, top.globalReplyBytes().burst());
    }

    @Test
    void theRecordChecksRatesBuiltByHandToo() {
        Rate fast = new Rate(600_000_000, 1);
        assertRefused("--limit-prefix-pps must be in 1..500000000, got 600000000",
                () -> new LimitsConfig(true, 64, new Rate(1, 1), new Rate(1, 1), fast, new Rate(1, 1), new Rate(1, 1),
                        new Rate(1, 1)));
    }

    @Test
    void aBurstStaysWhereTheLimitersArithmeticFits() {
        assertThrows(IllegalArgumentException.class, () -> new Rate(1, Rate.MAX_BURST + 1));
        assertThrows(IllegalArgumentException.class, () -> new Rate(0, 1));
        assertEquals(Rate.MAX_BURST, new Rate(1, Rate.MAX_BURST).burst());
    }

    private static void assertRefused(String message, org.junit.jupiter.api.function.Executable build) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, build).getMessage());
    }
}
