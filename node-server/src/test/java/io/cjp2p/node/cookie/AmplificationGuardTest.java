package io.cjp2p.node.cookie;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.ReturnedMessage;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmplificationGuardTest {
    private static final RawJson OURS = RawJson.of("{\"cookie\":\"0123456789abcdef\"}");

    @Test
    void budgetCountsTwentyEightHeaderBytesOnBothSides() {
        assertEquals(2 * (24 + 28) - 28, AmplificationGuard.budget(24));
        assertEquals(76, AmplificationGuard.budget(24));
    }

    @Test
    void theSeedRequestGetsItsPeersBeforeOurCookie() {
        List<Message> answers = List.of(new Peers(List.of(new InetSocketAddress("203.0.113.77", 24254))));
        List<Message> out = AmplificationGuard.fit(answers, null, OURS, "[{\"PleaseSendPeers\":{}}]".length());
        assertEquals(answers, out, "Peers fits in 76 bytes, our 63-byte cookie does not fit beside it");
    }

    @Test
    void theEchoComesFirstThenAnswersThenOurCookie() {
        RawJson echo = RawJson.of("{\"cookie\":\"theirs\"}");
        List<Message> answers = List.of(new ReturnedMessage(RawJson.of("{\"cookie\":\"1\"}")));
        List<Message> out = AmplificationGuard.fit(answers, echo, OURS, 200);
        assertEquals(List.of(new AlwaysReturned(echo), answers.get(0), new PleaseAlwaysReturnThisMessage(OURS)), out);
    }

    @Test
    void anAnswerThatDoesNotFitIsLeftOutAndSmallerOnesStillGetTheirChance() {
        List<Message> answers = List.of(
                new ReturnedMessage(RawJson.of("\"" + "x".repeat(500) + "\"")),
                new ReturnedMessage(RawJson.of("1")));
        List<Message> out = AmplificationGuard.fit(answers, null, OURS, 60);
        assertEquals(List.of(answers.get(1), new PleaseAlwaysReturnThisMessage(OURS)), out);
    }

    @Test
    void randomRepliesNeverExceedTheBudget() {
        Random r = new Random(7);
        for (int i = 0; i < 5000; i++) {
            List<Message> answers = new ArrayList<>();
            int n = r.nextInt(5);
            for (int k = 0; k < n; k++) {
                answers.add(new ReturnedMessage(RawJson.of("\"" + "y".repeat(r.nextInt(300)) + "\"")));
            }
            RawJson echo = r.nextBoolean() ? RawJson.of("\"" + "e".repeat(r.nextInt(80)) + "\"") : null;
            int request = 2 + r.nextInt(400);
            List<Message> out = AmplificationGuard.fit(answers, echo, OURS, request);
            assertTrue(MessageEncoder.datagramLength(out) <= AmplificationGuard.budget(request),
                    "request " + request + " reply " + MessageEncoder.datagramLength(out));
        }
    }

    @Test
    void aVerifiedReplyIsCutToTheUdpMaximum() {
        List<Message> m = new ArrayList<>(List.of(
                new ReturnedMessage(RawJson.of("\"" + "z".repeat(65_450) + "\"")),
                new AlwaysReturned(RawJson.of("\"" + "c".repeat(400) + "\""))));
        assertEquals(1, AmplificationGuard.fitDatagram(m));
        assertEquals(1, m.size());
        assertTrue(MessageEncoder.datagramLength(m) <= 65_507);
    }
}
