package io.cjp2p.node.dispatch;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.ChatMessage;
import io.cjp2p.codec.DecoderLimits;
import io.cjp2p.codec.EncryptedMessages;
import io.cjp2p.codec.Forwarded;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MyPublicKey;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.SignedMessage;
import io.cjp2p.node.crypto.Decryption;
import io.cjp2p.node.crypto.Ed25519Keys;
import io.cjp2p.node.crypto.NoiseIk;
import io.cjp2p.node.limit.CryptoBudget;
import io.cjp2p.node.pipeline.IdentityEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;

import static io.cjp2p.node.dispatch.IdentityChannel.KEY1;
import static io.cjp2p.node.dispatch.IdentityChannel.element;
import static io.cjp2p.node.dispatch.IdentityChannel.key1;
import static io.cjp2p.node.dispatch.IdentityChannel.key2;
import static io.cjp2p.node.dispatch.IdentityChannel.pub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The identity messages through the node's real pipeline (PROTOCOL.md 5.7-5.11, 5.21, 5.22). */
class IdentityDispatchTest {
    /** PROTOCOL.md 5.8: key 1's signatures of the payloads below. */
    private static final String SIGNED_COOKIE = "{\"SignedMessage\":{\"ed25519\":\"" + KEY1 + "\",\"signature\":\""
            + "jhikOqb5yn+Pm46CxAm0LvCE1w4NN/Hf5GN+LKLVNU5aKW205NZEAzTuaElbAZAZR0rySCZkx5QcypryJfUVCQ==\","
            + "\"payload_json\":\"[{\\\"AlwaysReturned\\\":{\\\"cookie\\\":\\\"d9f2fe5c\\\"}}]\"}}";
    private static final String SIGNED_EMPTY_SIGNATURE =
            "05jy0bPngr8p+y9fvt0c2BpNj2q6k9Kcl4fuX5H/WmULm5N5AVZxmW9lQM0nwIQM+jbu81SIS0XZzOrqNYuOAA==";
    /** PROTOCOL.md 7.6: key 1 to key 2, {@code [{"ChatMessage":{"message":"hi"}}]}. */
    private static final String ENCRYPTED_HI = "{\"EncryptedMessages\":{\"base64\":\"EyxEK+AQ+9V+cmAzKKp25x/MwVA6riGTJ9FNnJmT9H"
            + "JCo9R/BFyplSQeFSL2vQDMRbMXUndTqZ5B19Vl2221k66jPpe4qU4xPGkTCyKG21HxAJ2vfCI1dPcdcgjyxRHJMjufnAQPK1j24c26XU24W6T4VS"
            + "bq84ZuLgG4liqR0LhkUw==\",\"noise_params\":\"Noise_IK_25519_AESGCM_SHA256\"}}";
    /** PROTOCOL.md 5.10: key 1 to key 2, the same chat. */
    private static final String FAST_HI = "{\"FastEncryptedMessages\":{\"nonce\":\"AAECAwQFBgcICQoL\",\"sender\":\"" + KEY1
            + "\",\"ciphertext\":\"rxbbf1XAxEhhG8VWyrZkgt9+mtLpHcAaDGVeFsRStJX/C30c9EpZIIhUpuJrU7LsfMA=\"}}";

    private final InetSocketAddress a = new InetSocketAddress("203.0.113.7", 24254);
    private final InetSocketAddress b = new InetSocketAddress("198.51.100.9", 5000);
    private final InetSocketAddress c = new InetSocketAddress("192.0.2.44", 6000);
    private IdentityChannel node;

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
    }

    private static String signed(Ed25519Keys signer, String payloadJson) {
        return element(new OwnIdentity(signer).sign(payloadJson));
    }

    /** {@code json} as it appears inside a JSON string. */
    private static String escaped(String json) {
        return json.replace("\"", "\\\"");
    }

    private static String myKey(Ed25519Keys keys) {
        return element(new MyPublicKey(pub(keys)));
    }

    private static boolean offersCookie(IdentityChannel.Sent reply) {
        return reply.messages().stream().anyMatch(m -> m instanceof PleaseAlwaysReturnThisMessage);
    }

    @Test
    void signatureVectorsHoldAndABadSignatureIsSkippedAndCounted() {
        node = new IdentityChannel(key2());
        node.send(a, "[" + SIGNED_COOKIE + "]");
        node.send(a, "[{\"SignedMessage\":{\"ed25519\":\"" + KEY1 + "\",\"signature\":\"" + SIGNED_EMPTY_SIGNATURE
                + "\",\"payload_json\":\"[]\"}}]");
        // the legacy form: the same bytes, base64
        node.send(a, "[{\"SignedMessage\":{\"ed25519\":\"" + KEY1 + "\",\"signature\":\"" + SIGNED_EMPTY_SIGNATURE
                + "\",\"payload\":\"W10=\"}}]");
        assertEquals(3, node.events.of(IdentityEvent.SIGNATURE_VALID), node.events.toString());
        assertEquals(0, node.events.of(IdentityEvent.SIGNATURE_INVALID));

        node.send(a, "[" + SIGNED_COOKIE.replace("jhik", "jhil") + "]");
        // the signature covers the exact text: one more space and it no longer holds
        node.send(a, "[" + SIGNED_COOKIE.replace("[{", "[ {") + "]");
        node.send(a, "[{\"SignedMessage\":{\"ed25519\":\"" + IdentityChannel.KEY2 + "\",\"signature\":\""
                + SIGNED_EMPTY_SIGNATURE + "\",\"payload_json\":\"[]\"}}]");
        assertEquals(3, node.events.of(IdentityEvent.SIGNATURE_INVALID), node.events.toString());
        assertEquals(3, node.events.of(IdentityEvent.SIGNATURE_VALID));
    }

    /** As the conformance kit observes it: a signed AlwaysReturned with our cookie verifies us, a forged one does not. */
    @Test
    void aSignedCookieVerifiesTheRestOfTheDatagram() {
        node = new IdentityChannel(key2());
        String proof = "[" + node.returned(a) + "]";
        IdentityChannel.Sent good = node.ask(a, "[" + signed(key1(), proof) + ",{\"PleaseSendPeers\":{}}]");
        assertFalse(offersCookie(good), good.text());
        assertTrue(good.messages().stream().anyMatch(m -> m instanceof MyPublicKey), "a verified PleaseSendPeers gets our key");

        // The signature's first character changed, whatever it was: always writing an A left about
        // one run in 64 with the signature intact, and this test failing.
        String signed = signed(key1(), proof);
        int at = signed.indexOf("\"signature\":\"") + "\"signature\":\"".length();
        String forged = signed.substring(0, at) + (signed.charAt(at) == 'A' ? 'B' : 'A') + signed.substring(at + 1);
        // b's cookie in place of a's, inside payload_json's escaped text: were the signature taken, b would be verified.
        String forgedForB = forged.replace(escaped(node.cookieFor(a)), escaped(node.cookieFor(b)));
        assertNotEquals(forged, forgedForB);
        IdentityChannel.Sent bad = node.ask(b, "[" + forgedForB + ",{\"PleaseSendPeers\":{}}]");
        assertTrue(offersCookie(bad), bad.text());
        assertTrue(node.events.of(IdentityEvent.SIGNATURE_INVALID) >= 1);
    }

    @Test
    void encryptedVectorsOpenWithOurKeyAndTheChatIsLoggedWithTheSendersKey() {
        node = new IdentityChannel(key2());
        node.send(a, "[" + myKey(key1()) + "]");
        assertEquals(1, node.events.of(IdentityEvent.KEY_BOUND));
        node.send(a, "[" + ENCRYPTED_HI + "]");
        node.send(a, "[" + FAST_HI + "]");
        assertEquals(2, node.events.of(IdentityEvent.DECRYPTED), node.events.toString());
        assertEquals(2, node.events.of(IdentityEvent.CHAT_LOGGED));
        assertEquals(List.of("chat from " + KEY1 + " at 203.0.113.7:24254: \"hi\"",
                "chat from " + KEY1 + " at 203.0.113.7:24254: \"hi\""), node.chatLines());
    }

    @Test
    void encryptedFromAKeyNeverSeenIsDroppedAndATamperedOneFails() {
        node = new IdentityChannel(key2());
        node.send(a, "[" + ENCRYPTED_HI + "]");
        assertEquals(1, node.events.of(IdentityEvent.SENDER_UNKNOWN));
        node.send(a, "[" + FAST_HI.replace("rxbb", "rxbc") + "]");
        node.send(a, "[" + ENCRYPTED_HI.replace("EyxE", "EyxF") + "]");
        assertEquals(2, node.events.of(IdentityEvent.DECRYPTION_FAILED), node.events.toString());
        assertEquals(List.of(), node.chatLines());
        // not for us: key 1's node cannot open what was sealed to key 2
        IdentityChannel other = new IdentityChannel(key1());
        try {
            other.send(a, "[" + FAST_HI + "]");
            assertEquals(1, other.events.of(IdentityEvent.DECRYPTION_FAILED));
        } finally {
            other.close();
        }
    }

    @Test
    void fastEncryptedNamesItsSenderWhoseKeyIsThenBound() {
        node = new IdentityChannel(key2());
        node.send(a, "[" + FAST_HI + "]");
        assertEquals(a, node.directory.addressOf(pub(key1())));
        assertNull(node.directory.verifiedAddressOf(pub(key1())), "the datagram was not verified");
    }

    @Test
    void aKeyMovesOnlyWithItsOwnSignatureOverOurCookieInAVerifiedDatagram() {
        node = new IdentityChannel(key2());
        Ed25519Keys k = key1();
        node.send(a, "[" + myKey(k) + "]");
        assertEquals(a, node.directory.addressOf(pub(k)));

        // from b, verified, but no proof: refused
        node.send(b, "[" + node.returned(b) + "," + myKey(k) + "]");
        assertEquals(1, node.events.of(IdentityEvent.KEY_REFUSED));
        // from b, verified, a proof signed by another key: refused
        Ed25519Keys stranger = Ed25519Keys.generate(new SecureRandom());
        node.send(b, "[" + signed(stranger, "[" + node.returned(b) + "]") + "," + myKey(k) + "," + node.returned(b) + "]");
        assertEquals(2, node.events.of(IdentityEvent.KEY_REFUSED));
        // a proof made for b's IP, replayed from c: c's datagram is verified, the proof is not c's
        String proofForB = signed(k, "[" + node.returned(b) + "]");
        node.send(c, "[" + proofForB + "," + myKey(k) + "," + node.returned(c) + "]");
        assertEquals(3, node.events.of(IdentityEvent.KEY_REFUSED));
        assertEquals(a, node.directory.addressOf(pub(k)));
        // Rust's layout from b: SignedMessage([AlwaysReturned]), MyPublicKey, AlwaysReturned
        node.send(b, "[" + proofForB + "," + myKey(k) + "," + node.returned(b) + "]");
        assertEquals(1, node.events.of(IdentityEvent.KEY_MOVED), node.events.toString());
        assertEquals(b, node.directory.verifiedAddressOf(pub(k)));
        assertNull(node.directory.keyOf(a));
    }

    @Test
    void keysThatAreNotPointsAndOurOwnAreNeverBound() {
        node = new IdentityChannel(key2());
        // y = 2 is not on the curve
        String notAPoint = "02" + "00".repeat(31);
        node.send(a, "[{\"MyPublicKey\":{\"ed25519h\":\"" + notAPoint + "\"}}]");
        node.send(b, "[" + myKey(key2()) + "]");
        assertEquals(2, node.events.of(IdentityEvent.INVALID_KEY));
        assertEquals(0, node.directory.size());
    }

    @Test
    void whereAreTheyIsAnsweredForVerifiedBindingsWithinTheTwoTimesRule() {
        node = new IdentityChannel(key2());
        Ed25519Keys k = key1();
        String query = "{\"WhereAreThey\":{\"ed25519h\":\"" + KEY1 + "\"}}";
        node.send(a, "[" + myKey(k) + "]"); // unverified: bound, not vouched for
        node.send(b, "[" + node.returned(b) + "]"); // b's first verified contact, which gets our key
        assertEquals(List.of(), node.send(b, "[" + node.returned(b) + "," + query + "]"), "nothing to say");
        assertEquals(1, node.events.of(IdentityEvent.LOOKUP_UNKNOWN));

        node.send(a, "[" + node.returned(a) + "," + myKey(k) + "]");
        String forwarded = "{\"Forwarded\":{\"src\":\"203.0.113.7:24254\",\"from_ed25519\":null,\"messages\":"
                + "\"[{\\\"MyPublicKey\\\":{\\\"ed25519h\\\":\\\"" + KEY1 + "\\\"}}]\",\"might_be_ip_spoofing\":";
        IdentityChannel.Sent verified = node.ask(b, "[" + node.returned(b) + "," + query + "]");
        assertEquals("[" + forwarded + "false}}]", verified.text());

        // An unverified asker gets the answer marked as possibly spoofed, within twice its question's
        // size; the reply shaper cut what did not fit (our cookie offer, for the bare question).
        int header = DecoderLimits.IP_UDP_HEADER_BYTES;
        for (String question : List.of("[" + query + "]", "[" + query + ",{\"Padding\":\"" + "x".repeat(80) + "\"}]")) {
            IdentityChannel.Sent answered = node.ask(c, question);
            assertTrue(answered.text().startsWith("[" + forwarded + "true}}"), answered.text());
            assertTrue(answered.text().length() + header <= 2 * (question.length() + header), answered.text());
        }
        assertEquals(3, node.events.of(IdentityEvent.LOOKUP_ANSWERED));
    }

    @Test
    void aForwardedNobodyAskedForIsTrustedForNothing() {
        node = new IdentityChannel(key2());
        Forwarded f = new Forwarded(c, null, null, "[" + myKey(key1()) + "]", false);
        node.send(b, "[" + node.returned(b) + "," + element(f) + "]");
        assertEquals(1, node.events.of(IdentityEvent.FORWARDED_IGNORED));
        assertNull(node.directory.addressOf(pub(key1())));
        assertEquals(0, node.candidates.size());
    }

    @Test
    void chatIsLoggedOnlyFromAuthenticatedSendersAndCannotForgeALogLine() {
        node = new IdentityChannel(key2());
        String chat = element(new ChatMessage("hi\n2026-01-01T00:00:00Z INFO  [main] Node - forged \u202Eline"));
        node.send(a, "[" + chat + "]");
        assertEquals(1, node.events.of(IdentityEvent.CHAT_DROPPED), "plain and unverified: dropped, as Rust does");
        node.send(a, "[" + node.returned(a) + "," + chat + "]");
        node.send(b, "[" + signed(key1(), "[" + chat + "]") + "]");
        List<String> lines = node.chatLines();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("chat from unknown key at 203.0.113.7:24254: "
                + "\"hi\\n2026-01-01T00:00:00Z INFO  [main] Node - forged \\u{202e}line\"", lines.get(0));
        assertTrue(lines.get(1).startsWith("chat from " + KEY1 + " at 198.51.100.9:5000: \"hi\\n"), lines.get(1));
        for (String line : lines) {
            assertFalse(line.contains("\n") || line.contains("\u202E"), line);
        }
    }

    @Test
    void pingAndVersionAreAnsweredEncryptedToTheSendersKey() {
        node = new IdentityChannel(key2());
        Ed25519Keys k = key1();
        node.send(a, "[" + node.returned(a) + "," + myKey(k) + "]");
        IdentityChannel.Sent pong = node.ask(a, "[" + node.returned(a) + "," + element(new ChatMessage("/ping")) + "]");
        EncryptedMessages e = assertInstanceOf(EncryptedMessages.class, pong.messages().get(0), pong.text());
        Decryption.Opened opened = assertInstanceOf(Decryption.Opened.class, NoiseIk.decrypt(k, e.base64().toByteArray()));
        List<Message> inner = new MessageDecoder().decode(opened.plaintext());
        assertInstanceOf(PleaseReturnThisMessage.class, inner.get(0));
        assertEquals(new MyPublicKey(pub(key2())), inner.get(1));
        assertEquals(new ChatMessage("PONG"), inner.get(2));

        IdentityChannel.Sent version = node.ask(a, "[" + node.returned(a) + "," + element(new ChatMessage("/version")) + "]");
        EncryptedMessages v = (EncryptedMessages) version.messages().get(0);
        List<Message> vInner = new MessageDecoder().decode(
                ((Decryption.Opened) NoiseIk.decrypt(k, v.base64().toByteArray())).plaintext());
        assertTrue(((ChatMessage) vInner.get(2)).message().startsWith("VERSION "), vInner.toString());

        List<IdentityChannel.Sent> unverified = node.send(b, "[" + element(new ChatMessage("/ping")) + "]");
        assertFalse(unverified.stream().anyMatch(s -> s.text().contains("Encrypted") || s.text().contains("PONG")));
    }

    @Test
    void aFloodOfForgedSignaturesFromOneSourceIsCutToItsBudget() {
        // 10 a second, a burst of 20, per unverified source
        node = new IdentityChannel(key2(), new CryptoBudget(CryptoBudget.pace(10, 20), CryptoBudget.pace(100, 100),
                CryptoBudget.pace(100_000, 10_000), 1024, 1, System.nanoTime()));
        String forged = "[" + SIGNED_COOKIE.replace("jhik", "jhil") + "]";
        for (int i = 0; i < 60; i++) {
            node.send(a, forged);
        }
        int checked = node.events.of(IdentityEvent.SIGNATURE_INVALID);
        int refused = node.events.of(IdentityEvent.CRYPTO_BUDGET_SOURCE);
        assertEquals(60, checked + refused);
        assertTrue(checked >= 20 && checked < 30, "checked " + checked);
        // another source still has its own budget
        node.send(b, forged);
        assertEquals(checked + 1, node.events.of(IdentityEvent.SIGNATURE_INVALID));
    }

    @Test
    void aRepeatedGoodSignatureCostsNoBudgetAndAForgedRepeatStillFails() {
        // one check per source, ever, in this test
        node = new IdentityChannel(key2(), new CryptoBudget(CryptoBudget.pace(1, 1), CryptoBudget.pace(1, 1),
                CryptoBudget.pace(100_000, 10_000), 1024, 1, System.nanoTime()));
        for (int i = 0; i < 5; i++) {
            node.send(a, "[" + SIGNED_COOKIE + "]");
        }
        assertEquals(5, node.events.of(IdentityEvent.SIGNATURE_VALID), "checked once, recognised four times");
        assertEquals(0, node.events.of(IdentityEvent.CRYPTO_BUDGET_SOURCE));
        String forged = "[" + SIGNED_COOKIE.replace("jhik", "jhil") + "]";
        node.send(b, forged);
        node.send(b, forged);
        assertEquals(1, node.events.of(IdentityEvent.SIGNATURE_INVALID));
        assertEquals(1, node.events.of(IdentityEvent.CRYPTO_BUDGET_SOURCE), "a bad signature is never taken as known");
    }

    @Test
    void aVerifiedPeerOfferingANewCookieEachTimeCannotMakeUsSignBeyondItsBudget() {
        // verified: 1 a second, a burst of 2, per source
        node = new IdentityChannel(key2(), new CryptoBudget(CryptoBudget.pace(1, 1), CryptoBudget.pace(1, 2),
                CryptoBudget.pace(100_000, 10_000), 1024, 1, System.nanoTime()));
        node.send(a, "[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"first\"}}]");
        int signedFor = 0;
        int empty = 0;
        for (int i = 0; i < 20; i++) {
            String theirs = "{\"cookie\":\"fresh-" + i + "\"}";
            IdentityChannel.Sent reply = node.ask(a, "[" + node.returned(a) + ",{\"PleaseSendPeers\":{}},"
                    + "{\"PleaseAlwaysReturnThisMessage\":" + theirs + "}]");
            SignedMessage proof = (SignedMessage) reply.messages().stream().filter(SignedMessage.class::isInstance)
                    .findFirst().orElseThrow(() -> new AssertionError(reply.text()));
            assertTrue(Ed25519Keys.verify(key2().publicKey(), proof.signedBytes(), proof.signature().toByteArray()));
            if (proof.payloadJson().equals("[]")) {
                empty++;
            } else {
                assertEquals("[{\"AlwaysReturned\":" + theirs + "}]", proof.payloadJson());
                signedFor++;
            }
        }
        assertTrue(signedFor >= 1 && signedFor <= 4, "signed " + signedFor + " fresh proofs");
        assertEquals(20, signedFor + empty);
        assertEquals(20 - signedFor, node.events.of(IdentityEvent.CRYPTO_BUDGET_SOURCE));
    }

    @Test
    void aFirstVerifiedContactGetsOurKeyInRustsLayout() {
        node = new IdentityChannel(key2());
        String theirs = "{\"cookie\":\"c0ffee\"}";
        node.send(a, "[{\"PleaseAlwaysReturnThisMessage\":" + theirs + "}]");
        IdentityChannel.Sent first = node.ask(a, "[" + node.returned(a) + ",{\"PleaseAlwaysReturnThisMessage\":" + theirs + "}]");
        List<Message> m = first.messages();
        assertEquals(3, m.size(), first.text());
        SignedMessage proof = assertInstanceOf(SignedMessage.class, m.get(0));
        assertEquals("[{\"AlwaysReturned\":" + theirs + "}]", proof.payloadJson());
        assertEquals(pub(key2()), proof.ed25519());
        assertTrue(Ed25519Keys.verify(key2().publicKey(), proof.signedBytes(), proof.signature().toByteArray()));
        assertEquals(new MyPublicKey(pub(key2())), m.get(1));
        assertEquals(new AlwaysReturned(RawJson.of(theirs)), m.get(2));

        assertEquals(List.of(), node.send(a, "[" + node.returned(a) + "]"), "only the first contact");
        IdentityChannel.Sent peers = node.ask(a, "[" + node.returned(a) + ",{\"PleaseSendPeers\":{}}]");
        assertEquals(List.of(Peers.TYPE, SignedMessage.TYPE, MyPublicKey.TYPE, AlwaysReturned.TYPE),
                peers.messages().stream().map(Message::type).toList());
        assertEquals(proof, peers.messages().get(1), "the proof is the same, signed once");
        // an unverified PleaseSendPeers gets no key
        assertFalse(node.ask(b, "[{\"PleaseSendPeers\":{}}]").text().contains("MyPublicKey"));
    }

    @Test
    void aCheckedSignatureDoesNotMakeTheSignerAPeerWithoutOurCookie() {
        node = new IdentityChannel(key2());
        String proof = signed(key1(), "[{\"AlwaysReturned\":{\"cookie\":\"" + "0".repeat(16) + "\"}}]");
        IdentityChannel.Sent r = node.ask(a, "[" + proof + ",{\"PleaseSendPeers\":{}}]");
        assertTrue(offersCookie(r));
        assertEquals(0, node.peers.size());
        assertEquals(1, node.events.of(IdentityEvent.SIGNATURE_VALID));
    }
}
