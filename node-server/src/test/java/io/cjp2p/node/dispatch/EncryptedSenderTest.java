package io.cjp2p.node.dispatch;

import io.cjp2p.codec.ChatMessage;
import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.EncryptedMessages;
import io.cjp2p.codec.FastEncryptedMessages;
import io.cjp2p.codec.Forwarded;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MyPublicKey;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.SignedMessage;
import io.cjp2p.codec.WhereAreThey;
import io.cjp2p.node.crypto.Decryption;
import io.cjp2p.node.crypto.Ed25519Keys;
import io.cjp2p.node.crypto.FastEncryption;
import io.cjp2p.node.crypto.NoiseIk;
import io.cjp2p.node.peer.KeyDirectory;
import io.cjp2p.node.pipeline.IdentityEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.cjp2p.node.dispatch.IdentityChannel.element;
import static io.cjp2p.node.dispatch.IdentityChannel.key1;
import static io.cjp2p.node.dispatch.IdentityChannel.key2;
import static io.cjp2p.node.dispatch.IdentityChannel.pub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sending to a key: encrypted to it, to its bound address; held while we ask where it is. */
class EncryptedSenderTest {
    private final IdentityChannel node = new IdentityChannel(key2());
    private final Ed25519Keys them = key1();
    private final InetSocketAddress theirs = new InetSocketAddress("127.0.0.9", 24254);

    @AfterEach
    void close() {
        node.close();
    }

    private List<Message> openNoise(Message m) {
        EncryptedMessages e = assertInstanceOf(EncryptedMessages.class, m);
        Decryption.Opened o = assertInstanceOf(Decryption.Opened.class, NoiseIk.decrypt(them, e.base64().toByteArray()));
        return new MessageDecoder().decode(o.plaintext());
    }

    @Test
    void aSignedMessageGoesEncryptedToTheKeysAddress() {
        node.directory.bind(pub(them), theirs, KeyDirectory.Proof.VERIFIED, 0);
        assertEquals(EncryptedSender.Result.SENT, node.identity.send(pub(them), List.of(new ChatMessage("hi")), true));
        List<IdentityChannel.Sent> sent = node.sent();
        assertEquals(1, sent.size());
        assertEquals(theirs, sent.get(0).to());
        List<Message> inner = openNoise(sent.get(0).messages().get(0));
        SignedMessage signed = assertInstanceOf(SignedMessage.class, inner.get(0));
        assertEquals("[{\"ChatMessage\":{\"message\":\"hi\"}}]", signed.payloadJson());
        assertEquals(pub(key2()), signed.ed25519());
        assertTrue(Ed25519Keys.verify(key2().publicKey(), signed.signedBytes(), signed.signature().toByteArray()));
        assertEquals(1, node.events.of(IdentityEvent.SENT_ENCRYPTED));
    }

    @Test
    void fastEncryptionNamesUsAsTheSender() {
        node.directory.bind(pub(them), theirs, KeyDirectory.Proof.VERIFIED, 0);
        assertEquals(EncryptedSender.Result.SENT, node.identity.sender().send(pub(them),
                List.of(new ChatMessage("fast")), false, EncryptedSender.Encryption.FAST));
        FastEncryptedMessages f = assertInstanceOf(FastEncryptedMessages.class, node.sent().get(0).messages().get(0));
        assertEquals(pub(key2()), f.sender());
        Decryption.Opened o = assertInstanceOf(Decryption.Opened.class, FastEncryption.decrypt(them,
                f.sender().toByteArray(), f.nonce().toByteArray(), f.ciphertext().toByteArray()));
        assertEquals(List.of(new ChatMessage("fast")), new MessageDecoder().decode(o.plaintext()));
    }

    /**
     * Unknown key: held, WhereAreThey to our peers; a Forwarded from one we asked gets its address
     * probed; when the holder presents its key, the held message goes out.
     */
    @Test
    void anUnknownKeyIsLookedUpAndTheMessageWaitsForIt() {
        List<InetSocketAddress> peers = List.of(new InetSocketAddress("127.0.0.2", 1), new InetSocketAddress("127.0.0.3", 1));
        for (InetSocketAddress p : peers) {
            node.peers.verified(p, 0);
        }
        assertEquals(EncryptedSender.Result.HELD, node.identity.send(pub(them), List.of(new ChatMessage("later")), true));
        List<IdentityChannel.Sent> asked = node.sent();
        assertEquals(Set.copyOf(peers), asked.stream().map(IdentityChannel.Sent::to).collect(Collectors.toSet()));
        for (IdentityChannel.Sent s : asked) {
            assertEquals(List.of(new WhereAreThey(pub(them))), s.messages());
        }

        String answer = "[" + element(new Forwarded(theirs, null, null,
                "[{\"MyPublicKey\":{\"ed25519h\":\"" + pub(them).hex() + "\"}}]", false)) + "]";
        // from someone we did not ask: ignored
        assertEquals(List.of(), node.send(new InetSocketAddress("127.0.0.4", 1), answer).stream()
                .filter(s -> s.to().equals(theirs)).toList());
        assertEquals(1, node.events.of(IdentityEvent.FORWARDED_IGNORED));
        // from a peer we asked: the address is probed, nothing is bound yet
        List<IdentityChannel.Sent> probe = node.send(peers.get(0), answer).stream().filter(s -> s.to().equals(theirs)).toList();
        assertEquals(1, probe.size());
        assertInstanceOf(PleaseAlwaysReturnThisMessage.class, probe.get(0).messages().get(0));
        assertEquals(PleaseSendPeers.INSTANCE, probe.get(0).messages().get(1));
        assertEquals(null, node.directory.addressOf(pub(them)));

        // the holder answers the probe with its key: bound, and the held message follows
        List<IdentityChannel.Sent> after = node.send(theirs, "[" + node.returned(theirs) + ","
                + element(new MyPublicKey(pub(them))) + "]");
        List<IdentityChannel.Sent> delivered = after.stream()
                .filter(s -> s.messages().get(0) instanceof EncryptedMessages).toList();
        assertEquals(1, delivered.size(), after.toString());
        assertEquals(theirs, delivered.get(0).to());
        SignedMessage signed = (SignedMessage) openNoise(delivered.get(0).messages().get(0)).get(0);
        assertEquals("[{\"ChatMessage\":{\"message\":\"later\"}}]", signed.payloadJson());
        assertEquals(0, node.identity.sender().held());
    }

    @Test
    void heldMessagesAreBoundedAndExpire() {
        node.peers.verified(new InetSocketAddress("127.0.0.2", 1), 0);
        Ed25519PublicKey nowhere = Ed25519PublicKey.of(Ed25519Keys.generate(new SecureRandom()).publicKey());
        for (int i = 0; i < EncryptedSender.MAX_HELD; i++) {
            assertEquals(EncryptedSender.Result.HELD, node.identity.send(nowhere, List.of(new ChatMessage("m" + i)), false));
        }
        assertEquals(EncryptedSender.Result.DROPPED, node.identity.send(nowhere, List.of(new ChatMessage("one too many")), false));
        assertEquals(1, node.sent().size(), "one question per key, however many messages wait");
        node.identity.sender().tick(System.nanoTime() + EncryptedSender.HOLD_NANOS + 1);
        assertEquals(0, node.identity.sender().held());
        assertEquals(EncryptedSender.MAX_HELD + 1, node.events.of(IdentityEvent.SEND_DROPPED));
    }

    @Test
    void keysThatCannotBeEncryptedToAreRefused() {
        Ed25519PublicKey notAPoint = Ed25519PublicKey.parse("02" + "00".repeat(31));
        assertEquals(EncryptedSender.Result.DROPPED, node.identity.send(notAPoint, List.of(new ChatMessage("x")), false));
        assertEquals(EncryptedSender.Result.DROPPED, node.identity.send(pub(key2()), List.of(new ChatMessage("x")), false),
                "not to ourselves");
        assertEquals(List.of(), node.sent());
    }
}
