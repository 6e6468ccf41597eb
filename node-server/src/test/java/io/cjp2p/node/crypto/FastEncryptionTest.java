package io.cjp2p.node.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import static io.cjp2p.node.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastEncryptionTest {
    /** The FastEncryptedMessages example of PROTOCOL.md §5.10 and §7.6: key 1 to key 2. */
    private static final String SHARED_SECRET = "5166f24a6918368e2af831a4affadd97af0ac326bdf143596c045967cc00230e";
    private static final String AES_KEY = "716d10eb1d8b1b29f93318a29eca556051020a9d2b06cf9d789706ba5fda2b28";
    private static final byte[] NONCE = Base64.getDecoder().decode("AAECAwQFBgcICQoL");
    private static final String CIPHERTEXT = "rxbbf1XAxEhhG8VWyrZkgt9+mtLpHcAaDGVeFsRStJX/C30c9EpZIIhUpuJrU7LsfMA=";
    private static final byte[] PLAINTEXT = Vectors.CHAT_HI.getBytes(StandardCharsets.UTF_8);

    @Test
    void bothSidesComputeTheExampleSharedSecretAndKey() {
        assertEquals(SHARED_SECRET, hex(FastEncryption.sharedSecret(Vectors.key2(), Vectors.key1().x25519Public())));
        assertEquals(SHARED_SECRET, hex(FastEncryption.sharedSecret(Vectors.key1(), Vectors.key2().x25519Public())));
        assertEquals(AES_KEY, hex(FastEncryption.key(Vectors.key1(), hex(Vectors.KEY2_PUBLIC)).orElseThrow()));
        assertEquals(AES_KEY, hex(FastEncryption.key(Vectors.key2(), hex(Vectors.KEY1_PUBLIC)).orElseThrow()));
    }

    @Test
    void encryptingWithTheExampleNonceGivesExactlyTheExampleCiphertext() {
        byte[] ciphertext = FastEncryption.encrypt(Vectors.key1(), hex(Vectors.KEY2_PUBLIC), NONCE, PLAINTEXT)
                .orElseThrow();
        assertEquals(CIPHERTEXT, Base64.getEncoder().encodeToString(ciphertext));
    }

    @Test
    void decryptingTheExampleGivesThePlaintextAndTheSender() {
        Decryption result = FastEncryption.decrypt(Vectors.key2(), hex(Vectors.KEY1_PUBLIC), NONCE,
                Base64.getDecoder().decode(CIPHERTEXT));
        Decryption.Opened opened = assertInstanceOf(Decryption.Opened.class, result);
        assertArrayEquals(PLAINTEXT, opened.plaintext());
        assertEquals(Vectors.KEY1_X25519_PUBLIC, hex(opened.senderX25519()));
    }

    @Test
    void tamperedOrMisaddressedMessagesFailCleanly() {
        byte[] ciphertext = Base64.getDecoder().decode(CIPHERTEXT);
        byte[] sender = hex(Vectors.KEY1_PUBLIC);
        for (int i = 0; i < ciphertext.length; i++) {
            byte[] tampered = ciphertext.clone();
            tampered[i] ^= 1;
            assertEquals(Decryption.Failure.BAD_TAG, FastEncryption.decrypt(Vectors.key2(), sender, NONCE, tampered),
                    "byte " + i);
        }
        byte[] otherNonce = NONCE.clone();
        otherNonce[11] ^= 1;
        assertEquals(Decryption.Failure.BAD_TAG, FastEncryption.decrypt(Vectors.key2(), sender, otherNonce, ciphertext));
        assertEquals(Decryption.Failure.BAD_TAG,
                FastEncryption.decrypt(Vectors.key1(), sender, NONCE, ciphertext), "not for key 1");
        assertEquals(Decryption.Failure.BAD_TAG,
                FastEncryption.decrypt(Vectors.key2(), hex(Vectors.KEY2_PUBLIC), NONCE, ciphertext), "wrong sender");
        assertEquals(Decryption.Failure.BAD_TAG, FastEncryption.decrypt(Vectors.key2(), sender, NONCE,
                java.util.Arrays.copyOf(ciphertext, ciphertext.length - 1)), "truncated");
    }

    @Test
    void badLengthsAndKeysFailCleanly() {
        byte[] ciphertext = Base64.getDecoder().decode(CIPHERTEXT);
        byte[] sender = hex(Vectors.KEY1_PUBLIC);
        assertEquals(Decryption.Failure.WRONG_LENGTH, FastEncryption.decrypt(Vectors.key2(), sender, new byte[11], ciphertext));
        assertEquals(Decryption.Failure.WRONG_LENGTH, FastEncryption.decrypt(Vectors.key2(), sender, new byte[13], ciphertext));
        assertEquals(Decryption.Failure.WRONG_LENGTH, FastEncryption.decrypt(Vectors.key2(), sender, NONCE, new byte[15]));
        assertEquals(Decryption.Failure.INVALID_KEY, FastEncryption.decrypt(Vectors.key2(), new byte[31], NONCE, ciphertext));
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        assertEquals(Decryption.Failure.INVALID_KEY, FastEncryption.decrypt(Vectors.key2(), notAPoint, NONCE, ciphertext));
        assertTrue(FastEncryption.encrypt(Vectors.key1(), notAPoint, PLAINTEXT).isEmpty());
    }

    @Test
    void randomKeysRoundTripInBothDirections() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 10; i++) {
            Ed25519Keys a = Ed25519Keys.generate(random);
            Ed25519Keys b = Ed25519Keys.generate(random);
            byte[] plaintext = new byte[i * 13];
            random.nextBytes(plaintext);
            FastEncryption.Sealed toB = FastEncryption.encrypt(a, b.publicKey(), plaintext).orElseThrow();
            FastEncryption.Sealed toA = FastEncryption.encrypt(b, a.publicKey(), plaintext).orElseThrow();
            assertNotEquals(hex(toB.nonce()), hex(toA.nonce()), "each message draws its own nonce");
            Decryption.Opened atB = assertInstanceOf(Decryption.Opened.class,
                    FastEncryption.decrypt(b, a.publicKey(), toB.nonce(), toB.ciphertext()));
            Decryption.Opened atA = assertInstanceOf(Decryption.Opened.class,
                    FastEncryption.decrypt(a, b.publicKey(), toA.nonce(), toA.ciphertext()));
            assertArrayEquals(plaintext, atB.plaintext());
            assertArrayEquals(plaintext, atA.plaintext());
            assertArrayEquals(a.x25519Public(), atB.senderX25519());
        }
    }
}
