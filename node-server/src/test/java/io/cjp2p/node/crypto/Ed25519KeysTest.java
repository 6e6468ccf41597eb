package io.cjp2p.node.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;

import static io.cjp2p.node.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ed25519KeysTest {
    /** RFC 8032 §7.1 test 1 (empty message) and test 2 (the one byte 0x72). */
    private static final String RFC_TEST1_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    private static final String RFC_TEST2_SIGNATURE = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    @Test
    void thePublicKeysOfTheTwoTestSeeds() {
        assertEquals(Vectors.KEY1_PUBLIC, Vectors.key1().publicHex());
        assertEquals(Vectors.KEY2_PUBLIC, Vectors.key2().publicHex());
        assertArrayEquals(hex(Vectors.KEY1_PUBLIC), Vectors.key1().publicKey());
        assertArrayEquals(hex(Vectors.KEY1_SEED), Vectors.key1().seed());
    }

    @Test
    void signsAndVerifiesTheRfc8032Vectors() {
        byte[] empty = new byte[0];
        byte[] oneByte = {0x72};
        assertEquals(RFC_TEST1_SIGNATURE, hex(Vectors.key1().sign(empty)));
        assertEquals(RFC_TEST2_SIGNATURE, hex(Vectors.key2().sign(oneByte)));
        assertTrue(Ed25519Keys.verify(hex(Vectors.KEY1_PUBLIC), empty, hex(RFC_TEST1_SIGNATURE)));
        assertTrue(Ed25519Keys.verify(hex(Vectors.KEY2_PUBLIC), oneByte, hex(RFC_TEST2_SIGNATURE)));
        assertFalse(Ed25519Keys.verify(hex(Vectors.KEY2_PUBLIC), empty, hex(RFC_TEST1_SIGNATURE)), "other key");
        assertFalse(Ed25519Keys.verify(hex(Vectors.KEY2_PUBLIC), new byte[] {0x73}, hex(RFC_TEST2_SIGNATURE)),
                "other message");
    }

    @Test
    void everyFlippedBitOfASignatureFailsVerification() {
        Ed25519Keys keys = Vectors.key1();
        byte[] message = "a message".getBytes(StandardCharsets.UTF_8);
        byte[] signature = keys.sign(message);
        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(Ed25519Keys.verify(keys.publicKey(), message, flipped), "bit " + bit);
        }
    }

    @Test
    void badLengthsAndNonPointsAreFalseNotExceptions() {
        byte[] message = new byte[0];
        byte[] signature = hex(RFC_TEST1_SIGNATURE);
        byte[] key = hex(Vectors.KEY1_PUBLIC);
        assertFalse(Ed25519Keys.verify(new byte[31], message, signature));
        assertFalse(Ed25519Keys.verify(new byte[33], message, signature));
        assertFalse(Ed25519Keys.verify(new byte[0], message, signature));
        assertFalse(Ed25519Keys.verify(key, message, new byte[63]));
        assertFalse(Ed25519Keys.verify(key, message, new byte[65]));
        assertFalse(Ed25519Keys.verify(key, message, new byte[0]));
        // y = 2 is not the y of any curve point
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        assertFalse(Ed25519Keys.verify(notAPoint, message, signature));
    }

    @Test
    void randomKeysSignAndVerify() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            Ed25519Keys keys = Ed25519Keys.generate(random);
            byte[] message = new byte[i * 7];
            random.nextBytes(message);
            byte[] signature = keys.sign(message);
            assertTrue(Ed25519Keys.verify(keys.publicKey(), message, signature));
            assertEquals(keys.publicHex(), Ed25519Keys.fromSeed(keys.seed()).publicHex(), "the seed makes the key");
        }
    }

    @Test
    void neitherToStringNorALengthErrorShowsTheSeed() {
        Ed25519Keys keys = Vectors.key1();
        assertEquals("Ed25519Keys[public=" + Vectors.KEY1_PUBLIC + "]", keys.toString());
        assertFalse(keys.toString().toLowerCase(Locale.ROOT).contains(Vectors.KEY1_SEED));
        byte[] longSeed = hex(Vectors.KEY1_SEED + "00");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.fromSeed(longSeed));
        assertFalse(e.getMessage().contains(Vectors.KEY1_SEED), e.getMessage());
    }

    @Test
    void accessorsReturnCopies() {
        Ed25519Keys keys = Vectors.key1();
        keys.publicKey()[0] ^= 1;
        keys.seed()[0] ^= 1;
        keys.x25519Public()[0] ^= 1;
        assertEquals(Vectors.KEY1_PUBLIC, keys.publicHex());
        assertArrayEquals(hex(Vectors.KEY1_SEED), keys.seed());
        assertArrayEquals(hex(Vectors.KEY1_X25519_PUBLIC), keys.x25519Public());
        assertNotEquals(keys.publicHex(), Vectors.key2().publicHex());
    }
}
