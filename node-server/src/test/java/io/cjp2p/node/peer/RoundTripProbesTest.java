package io.cjp2p.node.peer;

import io.cjp2p.codec.Cookies;
import io.cjp2p.codec.RawJson;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundTripProbesTest {
    private static final long SECOND = 1_000_000_000L;
    private final InetSocketAddress peer = new InetSocketAddress("127.0.0.2", 24254);
    private final InetSocketAddress other = new InetSocketAddress("127.0.0.3", 24254);

    private static RoundTripRejection rejection(long result) {
        assertTrue(result < 0, "expected a rejection, got a round trip of " + result);
        return RoundTripRejection.of(result);
    }

    private static String nonceOf(RawJson body) {
        return Cookies.extract(body);
    }

    @Test
    void theBodyIsANonceInRustsShapeAndTheRoundTripIsOurOwnClock() {
        RoundTripProbes probes = new RoundTripProbes();
        RawJson body = probes.issue(peer, 5 * SECOND);
        assertTrue(body.toString().matches("\\{\"cookie\":\"[0-9a-f]{16}\"}"), body.toString());
        assertEquals(12_345_678L, probes.answer(peer, body, 5 * SECOND + 12_345_678L));
    }

    @Test
    void noncesAreDistinctAndNotACounter() {
        RoundTripProbes probes = new RoundTripProbes();
        Set<String> seen = new HashSet<>();
        long previous = 0;
        int steps = 0;
        for (int i = 0; i < 20_000; i++) {
            String n = nonceOf(probes.issue(peer, i));
            assertTrue(seen.add(n), "repeated nonce " + n);
            long v = Long.parseUnsignedLong(n, 16) >>> 12; // above the slot bits
            steps += v == previous + 1 ? 1 : 0;
            previous = v;
        }
        assertTrue(steps < 10, "the random part must not count up: " + steps);
    }

    @Test
    void twoNodesMakeDifferentNonces() {
        RoundTripProbes a = new RoundTripProbes();
        RoundTripProbes b = new RoundTripProbes();
        assertNotEquals(a.issue(peer, 0), b.issue(peer, 0));
    }

    @Test
    void anAnswerCountsOnce() {
        RoundTripProbes probes = new RoundTripProbes();
        RawJson body = probes.issue(peer, 0);
        assertEquals(1000, probes.answer(peer, body, 1000));
        assertEquals(RoundTripRejection.REPLAYED, rejection(probes.answer(peer, body, 2000)));
        assertEquals(RoundTripRejection.REPLAYED, rejection(probes.answer(peer, body, 3000)));
    }

    @Test
    void onlyTheAddressTheProbeWentToMayAnswerAndAMisdirectedAnswerSpendsNothing() {
        RoundTripProbes probes = new RoundTripProbes();
        RawJson body = probes.issue(peer, 0);
        assertEquals(RoundTripRejection.WRONG_SOURCE, rejection(probes.answer(other, body, 10)));
        InetSocketAddress otherPort = new InetSocketAddress(peer.getAddress(), peer.getPort() + 1);
        assertEquals(RoundTripRejection.WRONG_SOURCE, rejection(probes.answer(otherPort, body, 10)));
        assertEquals(20, probes.answer(peer, body, 20), "the real peer's answer still counts");
    }

    @Test
    void aLateAnswerIsExpired() {
        RoundTripProbes probes = new RoundTripProbes(16, 5 * SECOND, new SecureRandom());
        RawJson body = probes.issue(peer, 0);
        assertEquals(RoundTripRejection.EXPIRED, rejection(probes.answer(peer, body, 5 * SECOND + 1)));
        RawJson second = probes.issue(peer, 10 * SECOND);
        assertEquals(5 * SECOND, probes.answer(peer, second, 15 * SECOND), "exactly the timeout is still believed");
    }

    @Test
    void forgedAndModifiedNoncesAreUnknown() {
        RoundTripProbes probes = new RoundTripProbes();
        RawJson body = probes.issue(peer, 0);
        String nonce = nonceOf(body);
        // Every single-digit change, wherever it is (the slot bits included), is not our nonce.
        for (int i = 0; i < 16; i++) {
            char c = nonce.charAt(i);
            char changed = c == 'f' ? '0' : (char) (c == '9' ? 'a' : c + 1);
            String forged = nonce.substring(0, i) + changed + nonce.substring(i + 1);
            assertEquals(RoundTripRejection.UNKNOWN, rejection(probes.answer(peer, Cookies.body(forged), 100)), forged);
        }
        assertEquals(RoundTripRejection.UNKNOWN,
                rejection(probes.answer(peer, Cookies.body("0123456789abcdef"), 100)), "a made-up nonce");
        assertEquals(100, probes.answer(peer, body, 100), "the forgeries spent nothing");
    }

    @Test
    void bodiesThatAreNotNoncesAreMalformed() {
        RoundTripProbes probes = new RoundTripProbes();
        String nonce = nonceOf(probes.issue(peer, 0));
        for (String bad : new String[] {"{\"cookie\":\"4.000000\"}", "{\"cookie\":\"" + nonce.substring(0, 15) + "A\"}",
                "{\"cookie\":\"" + nonce + "0\"}", "{\"cookie\":\"" + nonce.substring(1) + "\"}",
                "{\"sent_at\":1.5}", "[]", "{\"cookie\":1}", "{\"cookie\":\"" + nonce.substring(0, 15) + "g\"}"}) {
            assertEquals(RoundTripRejection.MALFORMED, rejection(probes.answer(peer, RawJson.of(bad), 10)), bad);
        }
    }

    @Test
    void aReserialisedBodyCarryingTheNonceStillCounts() {
        RoundTripProbes probes = new RoundTripProbes();
        RawJson body = probes.issue(peer, 0);
        RawJson spaced = RawJson.of("{ \"cookie\" : \"" + nonceOf(body) + "\" }");
        assertEquals(7, probes.answer(peer, spaced, 7));
        assertEquals(RoundTripRejection.REPLAYED, rejection(probes.answer(peer, body, 8)), "the same nonce, once");
    }

    @Test
    void theTableIsBoundedAndForgetsTheOldestProbe() {
        RoundTripProbes probes = new RoundTripProbes(8, 60 * SECOND, new SecureRandom());
        List<RawJson> bodies = new ArrayList<>();
        for (int i = 0; i < 8 + 3; i++) {
            bodies.add(probes.issue(new InetSocketAddress("127.0.1." + (i + 1), 24254), i));
        }
        assertEquals(8, probes.capacity());
        for (int i = 0; i < 3; i++) {
            assertEquals(RoundTripRejection.UNKNOWN, rejection(probes.answer(
                    new InetSocketAddress("127.0.1." + (i + 1), 24254), bodies.get(i), 100)), "overwritten " + i);
        }
        for (int i = 3; i < 11; i++) {
            assertEquals(100 - i, probes.answer(new InetSocketAddress("127.0.1." + (i + 1), 24254), bodies.get(i), 100));
        }
    }

    @Test
    void theCapacityMustBeAPowerOfTwo() {
        for (int bad : new int[] {0, 1, 3, 100}) {
            try {
                new RoundTripProbes(bad, SECOND, new SecureRandom());
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains(String.valueOf(bad)));
            }
        }
    }

    /** Answers land on every event loop: the same answer raced on four threads counts exactly once. */
    @Test
    void racingDuplicateAnswersCountOnce() throws Exception {
        RoundTripProbes probes = new RoundTripProbes();
        int n = 2000;
        List<RawJson> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add(probes.issue(peer, 0));
        }
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger replayed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (RawJson b : bodies) {
                    long r = probes.answer(peer, b, 5);
                    if (r >= 0) {
                        accepted.incrementAndGet();
                    } else if (RoundTripRejection.of(r) == RoundTripRejection.REPLAYED) {
                        replayed.incrementAndGet();
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(n, accepted.get());
        assertEquals(3 * n, replayed.get());
    }
}
