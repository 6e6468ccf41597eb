package io.cjp2p.node.reply;

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
    private static final PleaseAlwaysReturnThisMessage OURS =
            new PleaseAlwaysReturnThisMessage(RawJson.of("{\"cookie\":\"0123456789abcdef\"}"));

    @Test
    void budgetCountsTwentyEightHeaderBytesOnBothSides() {
        assertEquals(2 * (24 + 28) - 28, AmplificationGuard.budget(24));
        assertEquals(76, AmplificationGuard.budget(24));
    }

    @Test
    void theSeedRequestGetsItsPeersBeforeOurCookie() {
        Peers peers = new Peers(List.of(new InetSocketAddress("203.0.113.77", 24254)));
        List<Message> reply = new ArrayList<>(List.of(peers));
        assertEquals(1, dropped(reply, null, "[{\"PleaseSendPeers\":{}}]".length()),
                "leaving out our own cookie is a cut, and is counted");
        assertEquals(List.of(peers), reply, "Peers fits in 76 bytes, our 63-byte cookie does not fit beside it");
    }

    @Test
    void theEchoComesFirstThenAnswersThenOurCookie() {
        RawJson echo = RawJson.of("{\"cookie\":\"theirs\"}");
        ReturnedMessage answer = new ReturnedMessage(RawJson.of("{\"cookie\":\"1\"}"));
        List<Message> reply = new ArrayList<>(List.of(answer));
        assertEquals(0, dropped(reply, echo, 200));
        assertEquals(List.of(new AlwaysReturned(echo), answer, OURS), reply);
    }

    @Test
    void anAnswerThatDoesNotFitIsLeftOutAndSmallerOnesStillGetTheirChance() {
        ReturnedMessage small = new ReturnedMessage(RawJson.of("1"));
        List<Message> reply = new ArrayList<>(List.of(
                new ReturnedMessage(RawJson.of("\"" + "x".repeat(500) + "\"")), small));
        assertEquals(1, dropped(reply, null, 60));
        assertEquals(List.of(small, OURS), reply);
    }

    /**
     * The in-place trim against the rule written the plain way (a new list, filled in priority
     * order): the same messages come out, the budget holds, and the count of answers left out is
     * right. Answers are sized around the budget so that every branch is taken.
     */
    @Test
    void trimmingInPlaceMatchesTheRuleAndNeverExceedsTheBudget() {
        Random r = new Random(7);
        int trimmed = 0;
        for (int i = 0; i < 5000; i++) {
            List<Message> answers = new ArrayList<>();
            int n = r.nextInt(5);
            for (int k = 0; k < n; k++) {
                answers.add(new ReturnedMessage(RawJson.of("\"" + "y".repeat(r.nextInt(300)) + "\"")));
            }
            RawJson echo = r.nextBoolean() ? RawJson.of("\"" + "e".repeat(r.nextInt(80)) + "\"") : null;
            int request = 2 + r.nextInt(400);
            List<Message> expected = byTheRule(answers, echo, OURS, request);
            List<Message> reply = new ArrayList<>(answers);
            int dropped = dropped(reply, echo, request);
            assertEquals(expected, reply, "request " + request);
            int offered = answers.size() + (echo != null ? 1 : 0) + 1; // the echo, the answers, our cookie
            assertEquals(offered - expected.size(), dropped, "every message left out is counted, request " + request);
            assertTrue(MessageEncoder.datagramLength(reply) <= AmplificationGuard.budget(request),
                    "request " + request + " reply " + MessageEncoder.datagramLength(reply));
            trimmed += dropped > 0 ? 1 : 0;
        }
        assertTrue(trimmed > 500, "the cases must exercise trimming, got " + trimmed);
    }

    /** Runs {@code fit} with our cookie, checks the length it returns, and returns the messages it left out. */
    private static int dropped(List<Message> reply, RawJson echo, int request) {
        int[] counted = {0};
        int length = AmplificationGuard.fit(reply, echo, OURS, request, d -> counted[0] += d);
        assertEquals(MessageEncoder.datagramLength(reply), length, "the length fit returns, request " + request);
        return counted[0];
    }

    /** The priority rule of the class comment, as a fresh list: echo, answers in order, ours. */
    private static List<Message> byTheRule(List<Message> answers, RawJson echo, Message ours, int request) {
        int budget = AmplificationGuard.budget(request);
        List<Message> out = new ArrayList<>();
        List<Message> candidates = new ArrayList<>();
        if (echo != null) {
            candidates.add(new AlwaysReturned(echo));
        }
        candidates.addAll(answers);
        candidates.add(ours);
        for (Message m : candidates) {
            out.add(m);
            if (MessageEncoder.datagramLength(out) > budget) {
                out.remove(out.size() - 1);
            }
        }
        return out;
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
