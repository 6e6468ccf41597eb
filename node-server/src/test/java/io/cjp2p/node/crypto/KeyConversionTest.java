package io.cjp2p.node.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import static io.cjp2p.node.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyConversionTest {
    /** 2^255 - 19, little-endian. */
    private static final String P = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";

    @Test
    void key1sX25519PrivateKeyIsItsHashedAndClampedSeed() {
        assertEquals(Vectors.KEY1_X25519_PRIVATE, hex(KeyConversion.x25519PrivateFromSeed(hex(Vectors.KEY1_SEED))));
        assertEquals(Vectors.KEY1_X25519_PRIVATE, hex(Vectors.key1().x25519Private()));
    }

    @Test
    void key1sX25519PublicKeyFromItsPrivateKey() {
        byte[] fromPrivate = new byte[32];
        X25519.scalarMultBase(hex(Vectors.KEY1_X25519_PRIVATE), 0, fromPrivate, 0);
        assertEquals(Vectors.KEY1_X25519_PUBLIC, hex(fromPrivate));
        assertEquals(Vectors.KEY1_X25519_PUBLIC, hex(Vectors.key1().x25519Public()));
    }

    @Test
    void theMontgomeryFormOfKey1sEd25519KeyIsItsX25519Key() {
        Optional<byte[]> converted = KeyConversion.x25519PublicFromEd25519(hex(Vectors.KEY1_PUBLIC));
        assertTrue(converted.isPresent());
        assertEquals(Vectors.KEY1_X25519_PUBLIC, hex(converted.get()));
    }

    @Test
    void key1sX25519KeyLeadsBackToItsEd25519KeyAmongTheCandidates() {
        List<byte[]> candidates = KeyConversion.ed25519Candidates(hex(Vectors.KEY1_X25519_PUBLIC));
        assertEquals(2, candidates.size());
        assertTrue(candidates.stream().anyMatch(c -> hex(c).equals(Vectors.KEY1_PUBLIC)),
                "candidates " + candidates.stream().map(Vectors::hex).toList());
        // the two differ in the sign bit only
        byte[] first = candidates.get(0);
        byte[] second = candidates.get(1);
        second[31] ^= (byte) 0x80;
        assertArrayEquals(first, second);
    }

    @Test
    void randomKeysConvertBothWays() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 50; i++) {
            Ed25519Keys keys = Ed25519Keys.generate(random);
            byte[] converted = KeyConversion.x25519PublicFromEd25519(keys.publicKey()).orElseThrow();
            assertArrayEquals(keys.x25519Public(), converted, "Montgomery form = X25519 key of the hashed seed");
            assertTrue(KeyConversion.ed25519Candidates(converted).stream()
                    .anyMatch(c -> hex(c).equals(keys.publicHex())));
        }
    }

    @Test
    void invalidEd25519KeysGiveNothing() {
        byte[] identity = littleEndian(1); // the neutral point: 1 - y has no inverse
        byte[] notAPoint = littleEndian(2);
        byte[] yThree = littleEndian(3);  // a point of large order
        byte[] yThreePlusP = hex(P);      // y = p + 3, the same point encoded non-canonically
        yThreePlusP[0] += 3;
        byte[] yZero = littleEndian(0);   // a point of order 4
        assertTrue(KeyConversion.x25519PublicFromEd25519(yThree).isPresent(), "y = 3 itself converts");
        for (byte[] bad : List.of(identity, notAPoint, yThreePlusP, yZero, new byte[31], new byte[33], new byte[0])) {
            assertTrue(KeyConversion.x25519PublicFromEd25519(bad).isEmpty(), hex(bad));
        }
    }

    @Test
    void unusableX25519KeysGiveNoCandidates() {
        byte[] minusOne = hex(P);
        minusOne[0] -= 1; // u = p - 1 = -1 has no Edwards point
        for (byte[] bad : List.of(minusOne, new byte[31], new byte[33])) {
            assertEquals(0, KeyConversion.ed25519Candidates(bad).size(), hex(bad));
        }
    }

    private static byte[] littleEndian(int small) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) small;
        return bytes;
    }
}
