package io.cjp2p.loadtest.conformance;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmplificationTest {
    @Test
    void theRatioCountsTwentyEightHeaderBytesForEveryDatagram() {
        // [{"PleaseSendPeers":{}}] is 24 bytes; a 70-byte reply is (70 + 28) / (24 + 28).
        assertEquals(98.0 / 52, Amplification.ratio(24, List.of(70)), 1e-12);
        // Two reply datagrams pay two headers.
        assertEquals((40 + 28 + 60 + 28) / 52.0, Amplification.ratio(24, List.of(40, 60)), 1e-12);
        // An empty datagram still costs its header.
        assertEquals(57.0 / 28, Amplification.ratio(0, List.of(29)), 1e-12);
    }

    @Test
    void noReplyIsRatioZero() {
        assertEquals(0.0, Amplification.ratio(24, List.of()));
        assertTrue(Amplification.allowed(24, List.of()));
    }

    @Test
    void exactlyTwiceIsAllowedAndOneByteMoreIsNot() {
        // 2 * (22 + 28) = 100 = 72 + 28
        assertEquals(2.0, Amplification.ratio(22, List.of(72)));
        assertTrue(Amplification.allowed(22, List.of(72)));
        assertFalse(Amplification.allowed(22, List.of(73)));
        // split over two datagrams the headers count twice: 44 + 28 + 0 + 28 = 100
        assertTrue(Amplification.allowed(22, List.of(44, 0)));
        assertFalse(Amplification.allowed(22, List.of(45, 0)));
    }

    @Test
    void theRustNodesCookieReplyToAnEmptyArrayIsOverTheLimit() {
        // PROTOCOL.md 2: Rust answers the 2-byte [] with its 57-byte cookie message.
        AmplificationRow row = new AmplificationRow("empty-array", 2, List.of(57));
        assertEquals(85.0 / 30, row.ratio(), 1e-12);
        assertFalse(row.allowed());
    }

    @Test
    void theCheckFailsNamingEveryShapeOverTheLimitAndOtherwiseReportsTheHighest() {
        List<AmplificationRow> ok = List.of(new AmplificationRow("peers", 24, List.of(70)),
                new AmplificationRow("echo", 44, List.of(100)), new AmplificationRow("unknown", 22, List.of()));
        CheckResult pass = AmplificationCheck.judge(ok);
        assertEquals(Verdict.PASS, pass.verdict());
        assertTrue(pass.detail().startsWith("highest 1.88 (peers) over 3 "), pass.detail());

        List<AmplificationRow> bad = List.of(new AmplificationRow("peers", 24, List.of(1215)),
                new AmplificationRow("echo", 44, List.of(100)), new AmplificationRow("empty-array", 2, List.of(57)));
        CheckResult fail = AmplificationCheck.judge(bad);
        assertEquals(Verdict.FAIL, fail.verdict());
        assertEquals("above 2.00 to an unverified source: peers 23.90, empty-array 2.83", fail.detail());
    }
}
