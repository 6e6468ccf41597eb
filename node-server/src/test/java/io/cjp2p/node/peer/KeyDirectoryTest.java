package io.cjp2p.node.peer;

import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.node.peer.KeyDirectory.Outcome;
import io.cjp2p.node.peer.KeyDirectory.Proof;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The binding rules: first come for a new key, a move only on proof, an address never taken by a forged source. */
class KeyDirectoryTest {
    private static final long MINUTE = 60_000_000_000L;
    private final KeyDirectory dir = new KeyDirectory(100);
    private final InetSocketAddress a = new InetSocketAddress("198.51.100.1", 24254);
    private final InetSocketAddress b = new InetSocketAddress("198.51.100.2", 24254);

    private static Ed25519PublicKey key(int n) {
        byte[] k = new byte[32];
        k[0] = (byte) n;
        k[1] = (byte) (n >> 8);
        k[31] = 7;
        return Ed25519PublicKey.of(k);
    }

    @Test
    void aNewKeyIsBoundFirstComeEvenUnverifiedButNotVouchedFor() {
        assertEquals(Outcome.BOUND, dir.bind(key(1), a, Proof.NONE, 0));
        assertEquals(a, dir.addressOf(key(1)));
        assertEquals(key(1), dir.keyOf(a));
        assertNull(dir.verifiedAddressOf(key(1)), "an unverified binding is not vouched for");
        assertEquals(Outcome.SAME, dir.bind(key(1), a, Proof.VERIFIED, 1));
        assertEquals(a, dir.verifiedAddressOf(key(1)), "a verified datagram from the same address confirms it");
    }

    @Test
    void aBoundKeyMovesOnlyOnProof() {
        dir.bind(key(1), a, Proof.VERIFIED, 0);
        assertEquals(Outcome.REFUSED, dir.bind(key(1), b, Proof.NONE, 1));
        assertEquals(Outcome.REFUSED, dir.bind(key(1), b, Proof.VERIFIED, 1), "a verified stranger is still a stranger");
        assertEquals(a, dir.addressOf(key(1)));
        assertEquals(Outcome.MOVED, dir.bind(key(1), b, Proof.PROVEN, 2));
        assertEquals(b, dir.verifiedAddressOf(key(1)));
        assertNull(dir.keyOf(a), "the old address holds no key any more");
        assertEquals(key(1), dir.keyOf(b));
    }

    @Test
    void aForgedSourceCannotUnbindThePeerAtItsAddress() {
        dir.bind(key(1), a, Proof.VERIFIED, 0);
        assertEquals(Outcome.REFUSED, dir.bind(key(2), a, Proof.NONE, 1));
        assertEquals(key(1), dir.keyOf(a));
        assertNull(dir.addressOf(key(2)));
        // The address itself, verified, may present a new key (a restart with a new key file).
        assertEquals(Outcome.BOUND, dir.bind(key(2), a, Proof.VERIFIED, 2));
        assertEquals(key(2), dir.keyOf(a));
        assertNull(dir.addressOf(key(1)), "the old key is unbound");
    }

    @Test
    void whenFullOnlyVerifiedBindingsGetInAndTheyPushOutUnverifiedOnes() {
        KeyDirectory small = new KeyDirectory(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(Outcome.BOUND, small.bind(key(i), new InetSocketAddress("198.51.100.1", 1000 + i), Proof.NONE, 0));
        }
        assertEquals(Outcome.REFUSED, small.bind(key(10), b, Proof.NONE, 1));
        assertEquals(Outcome.BOUND, small.bind(key(11), b, Proof.VERIFIED, 1));
        assertEquals(3, small.size());
        assertEquals(b, small.verifiedAddressOf(key(11)));
        small.bind(key(12), new InetSocketAddress("198.51.100.3", 1), Proof.VERIFIED, 1);
        small.bind(key(13), new InetSocketAddress("198.51.100.4", 1), Proof.VERIFIED, 1);
        assertEquals(Outcome.REFUSED, small.bind(key(14), new InetSocketAddress("198.51.100.5", 1), Proof.VERIFIED, 1),
                "no unverified binding left to replace");
        assertEquals(3, small.size());
    }

    @Test
    void unverifiedBindingsExpireSooner() {
        dir.bind(key(1), a, Proof.NONE, 0);
        dir.bind(key(2), b, Proof.VERIFIED, 0);
        assertEquals(1, dir.expire(11 * MINUTE, 60 * MINUTE, 10 * MINUTE));
        assertNull(dir.addressOf(key(1)));
        assertNull(dir.keyOf(a));
        assertEquals(b, dir.addressOf(key(2)));
        assertEquals(1, dir.expire(61 * MINUTE, 60 * MINUTE, 10 * MINUTE));
        assertEquals(0, dir.size());
        assertTrue(dir.bind(key(1), a, Proof.NONE, 62 * MINUTE) == Outcome.BOUND);
    }
}
