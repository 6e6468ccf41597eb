package io.cjp2p.node.cli;

import io.cjp2p.node.config.LimitsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.cjp2p.node.cli.CliRun.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The --limits flags: defaults, the off switch, and exit status 2 with a message for bad values. */
class NodeMainLimitsTest {
    @Test
    void defaultsAreOnAndMatchLimitsConfigDefault() {
        assertEquals(LimitsConfig.DEFAULT, parse("--bootstrap", "none").limits());
    }

    @Test
    void limitsOffSwitchesEverythingOff() {
        assertFalse(parse("--bootstrap", "none", "--limits", "off").limits().enabled());
        assertEquals(LimitsConfig.OFF, parse("--bootstrap", "none", "--limits", "OFF").limits());
        assertTrue(parse("--bootstrap", "none", "--limits", "on").limits().enabled());
    }

    @Test
    void ratesAreTakenWithATwoSecondBurstAndByteBudgetsAdmitOneLargestDatagram() {
        LimitsConfig l = parse("--bootstrap", "none", "--limit-unverified-pps", "7", "--limit-global-reply-bytes", "1000",
                "--limit-table-size", "128").limits();
        assertEquals(new LimitsConfig.Rate(7, 14), l.unverifiedDatagrams());
        assertEquals(new LimitsConfig.Rate(1000, 65_535), l.globalReplyBytes(), "burst: one 65 507-byte payload + 28");
        assertEquals(128, l.tableSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--limits=maybe", "--limits=", "--limit-unverified-pps=0", "--limit-verified-pps=-5",
            "--limit-prefix-pps=900000000", "--limit-unverified-reply-bytes=0", "--limit-verified-reply-bytes=x",
            "--limit-global-reply-bytes=0", "--limit-table-size=8", "--limit-table-size=999999999",
            "--limit-table-size=4194304"})
    void badValuesExitWithStatusTwoAndSayWhich(String flag) {
        CliRun r = CliRun.of("--bootstrap", "none", "--port", "0", "--bind", "127.0.0.1", flag);
        assertEquals(2, r.code());
        String name = flag.substring(0, flag.indexOf('='));
        assertTrue(r.err().contains(name), r.err());
    }
}
