package io.cjp2p.loadtest.conformance;

import io.cjp2p.codec.PeerAddress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.cjp2p.loadtest.conformance.Wire.ALWAYS_RETURNED;
import static io.cjp2p.loadtest.conformance.Wire.PEERS;
import static io.cjp2p.loadtest.conformance.Wire.PLEASE_ALWAYS_RETURN;
import static io.cjp2p.loadtest.conformance.Wire.PLEASE_SEND_PEERS;

/**
 * Optional features, reported and never failed: MyPublicKey, SignedMessage verification,
 * WhereAreThey, PleaseSendContent and PleaseListContent. Each is asked from the main socket as a
 * verified peer, so that a node's 2x rule does not hide an answer.
 */
final class FeatureChecks {
    /** SHA-256 of "cjp2p conformance kit": fixed, so repeated runs reuse one tracker entry on a node that keeps them. */
    static final String CONTENT_ID = "d27a0bcf8bfbf493966ea40966f386c6ee9240fb1ba8d89a635224a11b6589c4";
    /** The public key of RFC 8032's second test vector: well-formed, and nobody's node. */
    static final String SOME_KEY = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private static final String MY_PUBLIC_KEY = "MyPublicKey";
    private static final String FORWARDED = "Forwarded";
    /** Lets a node that spreads sockets over threads handle the announcement before the question. */
    private static final long ORDERING_PAUSE_MS = 20;

    private final Session s;

    FeatureChecks(Session s) {
        this.s = s;
    }

    List<CheckResult> run() throws IOException, InterruptedException {
        CheckResult signed = signedMessage();
        CheckResult where = whereAreThey();
        CheckResult content = sendContent();
        CheckResult list = listContent();
        // Last, so that every reply of the run counts.
        return new ArrayList<>(List.of(myPublicKey(), signed, where, content, list));
    }

    private CheckResult myPublicKey() {
        String name = "my-public-key";
        Optional<Element> key = s.traffic.firstSeen(MY_PUBLIC_KEY);
        if (key.isEmpty()) {
            return CheckResult.notFound(name, "no MyPublicKey in the " + s.traffic.datagramsReceived()
                    + " datagrams the node sent us");
        }
        Optional<String> hex = Bodies.string(key.get().body(), "ed25519h").filter(h -> h.matches("[0-9a-f]{64}"));
        return hex.map(h -> CheckResult.found(name, "ed25519h " + h))
                .orElseGet(() -> CheckResult.notFound(name, "a MyPublicKey without a 64-hex ed25519h: "
                        + Wire.abbreviate(key.get().body(), 60)));
    }

    /**
     * Observable through the cookie offer: a node offers its cookie in replies to unverified
     * datagrams only. A SignedMessage whose payload returns the node's cookie verifies the datagram
     * on a node that checks signatures (the Rust node does), so the offer disappears; with one bit
     * of the signature flipped it must stay. A correctly signed empty payload is the control.
     */
    private CheckResult signedMessage() throws IOException {
        String name = "signed-message";
        if (s.nodeCookie == null) {
            return CheckResult.notFound(name, "not observable, the node issued no cookie to sign");
        }
        Ed25519Key key = Ed25519Key.generate();
        String proof = Wire.text(Wire.datagram(Wire.element(ALWAYS_RETURNED, s.nodeCookie)));
        byte[] good = key.sign(Wire.utf8(proof));
        byte[] bad = good.clone();
        bad[0] ^= 1;
        Optional<ParsedDatagram> control = signedPeersRequest(key, key.sign(Wire.utf8("[]")), "[]");
        Optional<ParsedDatagram> badReply = signedPeersRequest(key, bad, proof);
        Optional<ParsedDatagram> goodReply = signedPeersRequest(key, good, proof);
        if (control.isEmpty() || badReply.isEmpty() || goodReply.isEmpty()) {
            return CheckResult.notFound(name, "no reply to PleaseSendPeers sent with a SignedMessage");
        }
        if (!control.get().has(PLEASE_ALWAYS_RETURN)) {
            return CheckResult.notFound(name, "not observable, the node offers no cookie in this reply even to "
                    + "an unverified source");
        }
        boolean goodVerifies = !goodReply.get().has(PLEASE_ALWAYS_RETURN);
        boolean badVerifies = !badReply.get().has(PLEASE_ALWAYS_RETURN);
        if (!goodVerifies) {
            return CheckResult.notFound(name, "a correctly signed AlwaysReturned did not verify us, so whether a bad "
                    + "signature is refused is not observable");
        }
        if (badVerifies) {
            return CheckResult.warning(name, "a SignedMessage with a bad signature verified us like a good one: "
                    + "signatures are not checked");
        }
        return CheckResult.found(name, "a correctly signed AlwaysReturned verified us; one with a bad signature did not");
    }

    private Optional<ParsedDatagram> signedPeersRequest(Ed25519Key key, byte[] signature, String payloadJson)
            throws IOException {
        String signed = Wire.element("SignedMessage", "{\"ed25519\":\"" + key.publicHex() + "\",\"signature\":\""
                + Base64.getEncoder().encodeToString(signature) + "\",\"payload_json\":" + Wire.quote(payloadJson) + "}");
        return s.ask(s.main, false, d -> d.has(PEERS), s.settings.tries(), signed,
                Wire.element(PLEASE_SEND_PEERS, "{}"));
    }

    /**
     * A fresh key is announced with MyPublicKey from another socket, then looked up from the main
     * socket; a node that keeps a key directory answers with Forwarded naming that socket.
     */
    private CheckResult whereAreThey() throws IOException, InterruptedException {
        String name = "where-are-they";
        String hex = Ed25519Key.generate().publicHex();
        KitSocket announcer = s.fresh();
        byte[] announce = Wire.datagram(Wire.element(MY_PUBLIC_KEY, "{\"ed25519h\":\"" + hex + "\"}"));
        Optional<ParsedDatagram> reply = Optional.empty();
        for (int i = 0; i < s.settings.tries() && reply.filter(d -> d.has(FORWARDED)).isEmpty(); i++) {
            announcer.send(announce);
            TimeUnit.MILLISECONDS.sleep(ORDERING_PAUSE_MS);
            reply = s.ask(s.main, true, d -> d.has(FORWARDED), 1,
                    Wire.element("WhereAreThey", "{\"ed25519h\":\"" + hex + "\"}"));
        }
        Optional<Element> forwarded = reply.flatMap(d -> d.first(FORWARDED));
        if (forwarded.isEmpty()) {
            return CheckResult.notFound(name, "no Forwarded for a key announced with MyPublicKey from another socket");
        }
        String src = Bodies.string(forwarded.get().body(), "src").orElse("(none)");
        String expected = PeerAddress.format(announcer.localAddress());
        return CheckResult.found(name, "Forwarded with src " + src
                + (src.equals(expected) ? ", where the key was announced" : "; the key was announced from " + expected));
    }

    /**
     * Asked first from another socket, then from the main one: a node that tracks who asked for an
     * id (the Rust node does) can then answer with MaybeTheyHaveSome even when it has no content.
     */
    private CheckResult sendContent() throws IOException, InterruptedException {
        String name = "send-content";
        String request = Wire.element("PleaseSendContent", "{\"id\":\"" + CONTENT_ID
                + "\",\"length\":4096,\"offset\":0}");
        s.fresh().send(Wire.datagram(request));
        TimeUnit.MILLISECONDS.sleep(ORDERING_PAUSE_MS);
        Optional<ParsedDatagram> reply = s.ask(s.main, true, d -> d.has("Content") || d.has("MaybeTheyHaveSome"),
                s.settings.tries(), request);
        Optional<Element> content = reply.flatMap(d -> d.first("Content"));
        if (content.isPresent()) {
            return CheckResult.found(name, "Content " + Wire.abbreviate(content.get().body(), 60));
        }
        Optional<Element> maybe = reply.flatMap(d -> d.first("MaybeTheyHaveSome"));
        if (maybe.isPresent()) {
            int n = Bodies.arrayLength(maybe.get().body(), "peers");
            return CheckResult.found(name, "MaybeTheyHaveSome with " + n + (n == 1 ? " peer" : " peers"));
        }
        return CheckResult.notFound(name, "neither Content nor MaybeTheyHaveSome for PleaseSendContent");
    }

    private CheckResult listContent() throws IOException {
        String name = "list-content";
        Optional<Element> list = s.ask(s.main, true, d -> d.has("ContentList"), s.settings.tries(),
                Wire.element("PleaseListContent", "{}")).flatMap(d -> d.first("ContentList"));
        if (list.isEmpty()) {
            return CheckResult.notFound(name, "no ContentList for PleaseListContent (a node with nothing to list "
                    + "may also stay silent)");
        }
        int n = Bodies.arrayLength(list.get().body(), "results");
        return CheckResult.found(name, "ContentList with " + n + (n == 1 ? " entry" : " entries"));
    }
}
