package io.cjp2p.node.dispatch;

import io.cjp2p.codec.Cookies;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.RawJson;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.support.RunningNode;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.cjp2p.node.support.UdpClient.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An RTT forger over real loopback sockets: a verified peer that holds each of our probes for
 * {@link #HOLD_MILLIS} (so its true round trip is at least that), then returns it along with doctored
 * copies: the nonce doctored (what, on a timestamp body, would claim an earlier answer), a
 * made-up nonce, a replay, and the real body sent from an accomplice's address. It must never look
 * faster than it is, and every forged echo must be counted as rejected.
 */
class RoundTripForgeryIT {
    private static final int HOLD_MILLIS = 100;
    private static final int ROUNDS = 5;

    @Test
    void aForgerGainsNothingAndItsForgeriesAreCounted() throws Exception {
        try (RunningNode node = new RunningNode(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.0.1"))
                .tick(Duration.ofMillis(100)).build());
             UdpClient forger = new UdpClient(node.udp(), InetAddress.getByName("127.0.31.1"));
             UdpClient accomplice = new UdpClient(node.udp(), InetAddress.getByName("127.0.31.2"))) {
            for (UdpClient c : List.of(forger, accomplice)) {
                c.handshake("c");
                c.send(c.verified("")); // the first verified datagram makes it a peer
            }
            for (int round = 0; round < ROUNDS; round++) {
                forger.drain(1); // probes that queued up while we held the last one
                PleaseReturnThisMessage probe = nextProbe(forger);
                RawJson genuine = probe.body();
                String value = Cookies.extract(genuine);
                assertNotNull(value, "the probe body carries a cookie string: " + genuine);

                accomplice.send(accomplice.verified(returned(genuine)));                  // from the wrong address
                forger.send(forger.verified(returned(Cookies.body(madeUp(value)))));      // a made-up value
                Thread.sleep(HOLD_MILLIS);
                forger.send(forger.verified(returned(genuine)));                          // the honest, late answer
                forger.send(forger.verified(returned(genuine)));                          // the same answer again
                forger.send(forger.verified(returned(Cookies.body(doctored(value)))));    // "I answered 99 ms sooner"
                Thread.sleep(50);

                PeerEntry entry = node.node.peers().get(forger.localAddress());
                assertNotNull(entry, "the forger is a peer");
                long rtt = entry.rttNanos();
                assertTrue(rtt >= HOLD_MILLIS * 1_000_000L, "round " + round + ": measured " + rtt / 1e6
                        + " ms, but the forger held the probe " + HOLD_MILLIS + " ms");
            }
            // Four forgeries a round: one from the wrong address, two unknown values, one replay.
            Map<String, Double> m = waitForRejected(node, 4 * ROUNDS);
            assertEquals(4.0 * ROUNDS, rejected(m, null), "every forged echo is counted");
            assertEquals(ROUNDS, rejected(m, "wrong_source"));
            assertEquals(2.0 * ROUNDS, rejected(m, "unknown"));
            assertEquals(ROUNDS, rejected(m, "replayed"));
            assertEquals(ROUNDS, m.get("cjp2p_peer_rtt_seconds_count"), "only the honest answers were measured");
        }
    }

    private static String returned(RawJson body) {
        return "{\"ReturnedMessage\":" + body + "}";
    }

    /** A value of the same shape that we never sent: the first character changed. */
    private static String madeUp(String value) {
        char c = value.charAt(0);
        return (c == '1' ? '2' : '1') + value.substring(1);
    }

    /**
     * The nonce with its last hex digit changed. (Read as a number of seconds and moved forward, as
     * a timestamp body would invite, it was malformed, not unknown, whenever the random hex happened
     * to parse as a decimal, such as {@code 1234e5678901234d}.)
     */
    private static String doctored(String value) {
        char c = value.charAt(value.length() - 1);
        return value.substring(0, value.length() - 1) + (c == '0' ? '1' : '0');
    }

    private static PleaseReturnThisMessage nextProbe(UdpClient c) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Message> m = c.receive(1000);
            if (m != null && !only(m, PleaseReturnThisMessage.class).isEmpty()) {
                return only(m, PleaseReturnThisMessage.class).get(0);
            }
        }
        throw new AssertionError("no probe within 10 s");
    }

    private static double rejected(Map<String, Double> m, String reason) {
        double sum = 0;
        for (Map.Entry<String, Double> e : m.entrySet()) {
            if (e.getKey().startsWith("cjp2p_round_trips_rejected_total")
                    && (reason == null || e.getKey().contains("reason=\"" + reason + "\""))) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    private static Map<String, Double> waitForRejected(RunningNode node, int expected) throws Exception {
        long deadline = System.nanoTime() + 3_000_000_000L;
        Map<String, Double> m = node.scrape();
        while (rejected(m, null) < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            m = node.scrape();
        }
        return m;
    }
}
