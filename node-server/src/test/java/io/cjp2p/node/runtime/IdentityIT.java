package io.cjp2p.node.runtime;

import io.cjp2p.codec.ChatMessage;
import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.PeerAddress;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.crypto.Ed25519Keys;
import io.cjp2p.node.dispatch.EncryptedSender;
import io.cjp2p.node.pipeline.IdentityEvent;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.support.Await;
import io.cjp2p.node.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real nodes on loopback: A and B learn each other's keys; C, which knows only A, sends to
 * B's key, asks A where B is, probes the address A names and delivers once B presents its key; A
 * sends B encrypted, signed chat, both ways of encrypting, and B logs it under A's key.
 */
class IdentityIT {
    /** A long tick for B and C: after their first contact with A they gossip nothing, so C cannot learn B but by asking. */
    private static final Duration QUIET = Duration.ofSeconds(60);

    /** Counts the identity events of one node. */
    static final class Counts implements NodeEvents {
        final Map<IdentityEvent, AtomicInteger> counts = new ConcurrentHashMap<>();

        @Override
        public void identity(IdentityEvent event) {
            counts.computeIfAbsent(event, k -> new AtomicInteger()).incrementAndGet();
        }

        int of(IdentityEvent event) {
            AtomicInteger n = counts.get(event);
            return n == null ? 0 : n.get();
        }
    }

    @RegisterExtension
    final LogCapture chats = LogCapture.of("io.cjp2p.node.dispatch.ChatLog");

    private static Ed25519PublicKey key(Node n) {
        return n.identity().publicKey();
    }

    private static boolean knows(Node n, Node other) {
        return other.localAddress().equals(n.identity().directory().addressOf(key(other)));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(condition, what, Duration.ofSeconds(10));
    }

    private boolean logged(Node from, String text) {
        String line = "chat from " + key(from).hex() + " at " + PeerAddress.format(from.localAddress()) + ": \"" + text + "\"";
        return chats.messages().contains(line);
    }

    @Test
    void keysAreLearnedLookedUpAndUsedForEncryptedSignedChat() throws Exception {
        Counts countsA = new Counts();
        Counts countsC = new Counts();
        try (Node a = Node.start(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.20.1")).build(), countsA)) {
            NodeConfig.Builder nearA = NodeConfig.loopback().bootstrap(List.of(a.localAddress())).tick(QUIET);
            try (Node c = Node.start(nearA.bindAddress(InetAddress.getByName("127.0.20.3")).build(), countsC)) {
                await("C and A know each other's keys", () -> knows(c, a) && knows(a, c));
                try (Node b = Node.start(nearA.bindAddress(InetAddress.getByName("127.0.20.2")).build())) {
                    // A and B learn each other's keys through their first contact.
                    await("A and B know each other's keys", () -> knows(a, b) && knows(b, a));
                    assertEquals(b.localAddress(), a.identity().directory().verifiedAddressOf(key(b)),
                            "A vouches for B's address");

                    // C knows only A: it asks A where B is, probes the address, and delivers.
                    assertNull(c.identity().directory().addressOf(key(b)));
                    assertEquals(EncryptedSender.Result.HELD,
                            c.identity().send(key(b), List.of(new ChatMessage("hello B, from C")), true));
                    await("B logs C's chat", () -> logged(c, "hello B, from C"));
                    assertEquals(b.localAddress(), c.identity().directory().addressOf(key(b)));
                    assertTrue(countsA.of(IdentityEvent.LOOKUP_ANSWERED) >= 1, "A answered WhereAreThey");
                    assertEquals(1, countsC.of(IdentityEvent.FORWARDED_PROBED), "C probed the address A named");

                    // A sends B encrypted, signed chat through the internal API, both encryptions.
                    assertEquals(EncryptedSender.Result.SENT,
                            a.identity().send(key(b), List.of(new ChatMessage("hello B, from A")), true));
                    await("B logs A's chat under A's key", () -> logged(a, "hello B, from A"));
                    assertEquals(EncryptedSender.Result.SENT, a.identity().sender().send(key(b),
                            List.of(new ChatMessage("fast hello B, from A")), true, EncryptedSender.Encryption.FAST));
                    await("B logs A's fast chat under A's key", () -> logged(a, "fast hello B, from A"));
                }
            }
        }
        // Nobody logged a chat line under any other sender.
        assertEquals(3, chats.events().size(), chats.toString());
    }

    @Test
    void aLookupForAnUnknownKeyGivesUpAndNothingIsSent() throws Exception {
        Counts counts = new Counts();
        try (Node a = Node.start(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.21.1")).build());
             Node c = Node.start(NodeConfig.loopback().bindAddress(InetAddress.getByName("127.0.21.3"))
                     .bootstrap(List.of(a.localAddress())).tick(Duration.ofMillis(200)).build(), counts)) {
            await("C knows A", () -> knows(c, a));
            Ed25519PublicKey nobody = Ed25519PublicKey.of(Ed25519Keys.generate(new SecureRandom()).publicKey());
            assertEquals(EncryptedSender.Result.HELD, c.identity().send(nobody, List.of(new ChatMessage("lost")), false));
            await("C gives up after its hold time", () -> counts.of(IdentityEvent.SEND_DROPPED) == 1);
            assertEquals(0, counts.of(IdentityEvent.SENT_ENCRYPTED));
            assertEquals(0, c.identity().sender().held());
        }
    }
}
