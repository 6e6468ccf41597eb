package io.cjp2p.node.peer;

import io.cjp2p.codec.RawJson;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundTripClockTest {
    @Test
    void theTimestampTravelsInTheProbeAndGivesTheRoundTrip() {
        RoundTripClock clock = new RoundTripClock(1_000_000_000L);
        RawJson body = clock.probeBody(5_000_000_000L);
        assertEquals("{\"cookie\":\"4.000000\"}", body.toString(), "Rust's own shape: seconds as a decimal string");
        long rtt = clock.roundTripNanos(body, 5_012_000_000L);
        assertTrue(Math.abs(rtt - 12_000_000L) <= 1_000, "rtt " + rtt);
    }

    @Test
    void bodiesThatAreNotOurTimestampsGiveNoRoundTrip() {
        RoundTripClock clock = new RoundTripClock(0);
        long now = 10_000_000_000L;
        for (String bad : new String[] {"{\"cookie\":\"abc\"}", "{\"cookie\":\"-1\"}", "{\"cookie\":\"NaN\"}",
                "{\"cookie\":\"99999\"}", "{\"sent_at\":1.5}", "[]", "{\"cookie\":\"1e400\"}",
                "{\"cookie\":\"" + "1".repeat(40) + "\"}"}) {
            assertEquals(-1, clock.roundTripNanos(RawJson.of(bad), now), bad);
        }
    }
}
