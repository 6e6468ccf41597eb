package io.cjp2p.node.peer;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A peer's key, bound by whoever learns it, and the distinct IPs the table counts. */
class PeerKeysTest {
    private static InetSocketAddress addr(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    @Test
    void aKeyIsBoundToAKnownPeerOnlyAndCopied() {
        PeerTable t = new PeerTable(10);
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0xab);
        assertFalse(t.bindKey(addr("8.8.8.8", 1), key), "no such peer");
        PeerEntry e = t.verified(addr("8.8.8.8", 1), 0);
        assertNull(e.publicKey());
        assertFalse(e.hasPublicKey());
        assertNull(e.publicKeyHex());
        assertTrue(t.bindKey(addr("8.8.8.8", 1), key));
        key[0] = 0; // the caller's array is not the entry's
        assertEquals("ab".repeat(32), e.publicKeyHex());
        e.publicKey()[1] = 0; // nor is the one it hands out
        assertEquals("ab".repeat(32), e.publicKeyHex());
        byte[] other = new byte[32];
        assertTrue(t.bindKey(addr("8.8.8.8", 1), other), "a peer may tell us another key");
        assertArrayEquals(other, e.publicKey());
        assertThrows(IllegalArgumentException.class, () -> t.bindKey(addr("8.8.8.8", 1), new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new SavedPeer(addr("8.8.8.8", 1), new byte[33], 0, 0));
    }

    @Test
    void uniqueIpsCountsHostsNotPorts() {
        PeerTable t = new PeerTable(10);
        assertEquals(0, t.uniqueIps());
        t.verified(addr("8.8.8.8", 1), 0);
        t.verified(addr("8.8.8.8", 2), 0);
        t.verified(addr("8.8.4.4", 1), 10);
        t.verified(addr("2606:4700::1", 1), 10);
        assertEquals(4, t.size());
        assertEquals(3, t.uniqueIps());
        assertEquals(2, t.expire(20, 15), "both ports of 8.8.8.8 go");
        assertEquals(2, t.uniqueIps());
        assertEquals(2, t.expire(1000, 15));
        assertEquals(0, t.uniqueIps());
    }
}
