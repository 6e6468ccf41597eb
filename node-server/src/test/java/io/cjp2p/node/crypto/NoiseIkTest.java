package io.cjp2p.node.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import static io.cjp2p.node.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseIkTest {
    /** The EncryptedMessages example of PROTOCOL.md §7.6: key 1 to key 2, ephemeral private 32 x 0x42. */
    private static final String MESSAGE = "EyxEK+AQ+9V+cmAzKKp25x/MwVA6riGTJ9FNnJmT9HJCo9R/BFyplSQeFSL2vQDMRbMXUndTqZ5B19Vl"
            + "2221k66jPpe4qU4xPGkTCyKG21HxAJ2vfCI1dPcdcgjyxRHJMjufnAQPK1j24c26XU24W6T4VSbq84ZuLgG4liqR0LhkUw==";
    private static final byte[] PAYLOAD = Vectors.CHAT_HI.getBytes(StandardCharsets.UTF_8);

    @Test
    void encryptingTheExampleGivesExactlyTheExampleMessage() {
        byte[] ephemeral = new byte[32];
        Arrays.fill(ephemeral, (byte) 0x42);
        byte[] message = NoiseIk.encrypt(Vectors.key1(), hex(Vectors.KEY2_PUBLIC), PAYLOAD, ephemeral).orElseThrow();
        assertEquals(130, message.length, "34 bytes of payload + 96");
        assertEquals(MESSAGE, Base64.getEncoder().encodeToString(message));
    }

    @Test
    void key2OpensTheExampleAndLearnsKey1sStaticKey() {
        Decryption.Opened opened = assertInstanceOf(Decryption.Opened.class,
                NoiseIk.decrypt(Vectors.key2(), Base64.getDecoder().decode(MESSAGE)));
        assertArrayEquals(PAYLOAD, opened.plaintext());
        assertEquals(Vectors.KEY1_X25519_PUBLIC, hex(opened.senderX25519()));
        assertTrue(KeyConversion.ed25519Candidates(opened.senderX25519()).stream()
                .anyMatch(c -> hex(c).equals(Vectors.KEY1_PUBLIC)), "the receiver can find key 1 by its candidates");
    }

    @Test
    void everyTamperedByteFailsCleanly() {
        byte[] message = Base64.getDecoder().decode(MESSAGE);
        for (int i = 0; i < message.length; i++) {
            byte[] tampered = message.clone();
            tampered[i] ^= 0x10;
            Decryption result = NoiseIk.decrypt(Vectors.key2(), tampered);
            assertInstanceOf(Decryption.Failure.class, result, "byte " + i);
        }
    }

    @Test
    void truncatedMessagesFailCleanly() {
        byte[] message = Base64.getDecoder().decode(MESSAGE);
        for (int length = 0; length < message.length; length++) {
            Decryption result = NoiseIk.decrypt(Vectors.key2(), Arrays.copyOf(message, length));
            assertEquals(length < NoiseIk.OVERHEAD ? Decryption.Failure.WRONG_LENGTH : Decryption.Failure.BAD_TAG,
                    result, "length " + length);
        }
    }

    @Test
    void aMessageForSomeoneElseDoesNotOpen() {
        assertEquals(Decryption.Failure.BAD_TAG, NoiseIk.decrypt(Vectors.key1(), Base64.getDecoder().decode(MESSAGE)));
    }

    @Test
    void aSmallOrderEphemeralKeyIsRefused() {
        byte[] message = Base64.getDecoder().decode(MESSAGE);
        Arrays.fill(message, 0, 32, (byte) 0); // u = 0: every shared secret with it is zero
        assertEquals(Decryption.Failure.INVALID_KEY, NoiseIk.decrypt(Vectors.key2(), message));
    }

    @Test
    void anUnusableRecipientKeyGivesNoMessage() {
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        assertTrue(NoiseIk.encrypt(Vectors.key1(), notAPoint, PAYLOAD).isEmpty());
        assertTrue(NoiseIk.encrypt(Vectors.key1(), new byte[31], PAYLOAD).isEmpty());
    }

    @Test
    void randomKeysRoundTrip() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 10; i++) {
            Ed25519Keys sender = Ed25519Keys.generate(random);
            Ed25519Keys recipient = Ed25519Keys.generate(random);
            byte[] payload = new byte[i * 17];
            random.nextBytes(payload);
            byte[] first = NoiseIk.encrypt(sender, recipient.publicKey(), payload).orElseThrow();
            byte[] second = NoiseIk.encrypt(sender, recipient.publicKey(), payload).orElseThrow();
            assertEquals(payload.length + NoiseIk.OVERHEAD, first.length);
            assertNotEquals(hex(first), hex(second), "a fresh ephemeral key each time");
            for (byte[] message : new byte[][] {first, second}) {
                Decryption.Opened opened = assertInstanceOf(Decryption.Opened.class, NoiseIk.decrypt(recipient, message));
                assertArrayEquals(payload, opened.plaintext());
                assertArrayEquals(sender.x25519Public(), opened.senderX25519());
            }
        }
    }
}
