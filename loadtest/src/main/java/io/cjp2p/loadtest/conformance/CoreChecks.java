package io.cjp2p.loadtest.conformance;

import io.cjp2p.codec.PeerAddress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static io.cjp2p.loadtest.conformance.Wire.ALWAYS_RETURNED;
import static io.cjp2p.loadtest.conformance.Wire.PEERS;
import static io.cjp2p.loadtest.conformance.Wire.PLEASE_ALWAYS_RETURN;
import static io.cjp2p.loadtest.conformance.Wire.PLEASE_RETURN;
import static io.cjp2p.loadtest.conformance.Wire.PLEASE_SEND_PEERS;
import static io.cjp2p.loadtest.conformance.Wire.RETURNED;

/**
 * The must-haves, from the main socket and one fresh socket: a JSON array is answered with a JSON
 * array; the node issues its cookie, takes it back as proof, and echoes ours byte for byte in every
 * shape; PleaseSendPeers gets Peers; PleaseReturnThisMessage gets its body back, small and 60 000
 * bytes. Leaves the node's cookie and whether echoes work in the {@link Session}.
 */
final class CoreChecks {
    static final int LARGE_BODY_BYTES = 60_000;
    private static final String BARE_PEERS = Wire.element(PLEASE_SEND_PEERS, "{}");

    private final Session s;

    CoreChecks(Session s) {
        this.s = s;
    }

    /** Required checks first, then the optional cookie-accepted. */
    List<CheckResult> run() throws IOException {
        s.main = s.fresh();
        byte[] bare = Wire.datagram(BARE_PEERS);
        Optional<ParsedDatagram> first = s.exchange(s.main, bare, d -> true);
        CheckResult arrayReply = arrayReply(bare, first);
        CheckResult cookieIssued = cookieIssued(first);
        CheckResult echoSmall = echoSmall();
        Optional<ParsedDatagram> verified = s.nodeCookie == null ? Optional.empty()
                : s.askVerified(d -> d.has(PEERS), BARE_PEERS);
        CheckResult cookieAccepted = cookieAccepted(verified);
        CheckResult peers = peers(verified);
        CheckResult echoLarge = echoLarge();
        List<CheckResult> out = new ArrayList<>(List.of(arrayReply, cookieIssued));
        for (CookieShape shape : CookieShape.values()) {
            out.add(cookieEcho(shape));
        }
        out.addAll(List.of(peers, echoSmall, echoLarge, cookieAccepted));
        return out;
    }

    private CheckResult arrayReply(byte[] request, Optional<ParsedDatagram> reply) {
        String name = "array-reply";
        String sent = Wire.text(request) + " (" + request.length + " B)";
        if (reply.isEmpty()) {
            return CheckResult.fail(name, "no reply to " + sent + " " + s.triesText());
        }
        ParsedDatagram d = reply.get();
        if (!d.json()) {
            return CheckResult.fail(name, "the reply to " + sent + " is not JSON (" + d.size() + " B)");
        }
        if (!d.array()) {
            return CheckResult.fail(name, "the reply to " + sent + " is JSON but not an array");
        }
        if (!d.onlySingleKeyObjects()) {
            return CheckResult.fail(name, "the reply to " + sent + " is an array, but not of single-key objects");
        }
        return CheckResult.pass(name, sent + " got a JSON array of " + d.elements().size() + " message"
                + (d.elements().size() == 1 ? "" : "s") + " (" + d.size() + " B): " + d.names());
    }

    private CheckResult cookieIssued(Optional<ParsedDatagram> first) throws IOException {
        String name = "cookie-issued";
        Optional<Element> offer = first.flatMap(d -> d.first(PLEASE_ALWAYS_RETURN));
        String when = "in the reply to a bare PleaseSendPeers";
        if (offer.isEmpty()) {
            // A node that keeps replies within 2x may have no room for its cookie in the reply to a
            // 24-byte request; a request that carries our cookie makes room, as a Rust node's first contact does.
            byte[] ours = Wire.utf8(Wire.cookieBody("kit-" + s.runId + "-main"));
            byte[] request = Wire.datagram(BARE_PEERS, Wire.element(PLEASE_ALWAYS_RETURN, ours));
            offer = s.exchange(s.main, request, d -> d.has(PLEASE_ALWAYS_RETURN))
                    .flatMap(d -> d.first(PLEASE_ALWAYS_RETURN));
            when = "once our PleaseSendPeers carried our own PleaseAlwaysReturnThisMessage";
        }
        if (offer.isEmpty()) {
            return CheckResult.fail(name, "no PleaseAlwaysReturnThisMessage in any reply to PleaseSendPeers, "
                    + "with or without ours in the request");
        }
        s.nodeCookie = offer.get().body();
        return CheckResult.pass(name, Wire.abbreviate(s.nodeCookie, 60) + " offered " + when);
    }

    private CheckResult cookieEcho(CookieShape shape) throws IOException {
        String name = "cookie-echo/" + shape.label;
        byte[] body = shape.body(s.runId);
        String sameDatagram = echoed(body, false, true);
        if (s.nodeCookie == null) {
            return CheckResult.fail(name, Wire.text(body) + ": unverified " + sameDatagram
                    + "; verified: not testable, the node issued no cookie");
        }
        String verified = echoed(body, true, true);
        String kept = echoed(body, true, false);
        boolean passed = sameDatagram.equals("yes") && verified.equals("yes") && kept.equals("yes");
        if (passed) {
            return CheckResult.pass(name, Wire.text(body) + " returned as AlwaysReturned when unverified, "
                    + "when verified, and in a later reply");
        }
        return CheckResult.fail(name, Wire.text(body) + " returned as AlwaysReturned when unverified: " + sameDatagram
                + "; when verified: " + verified + "; in a later reply: " + kept);
    }

    /**
     * Sends a tagged request from the main socket, with the node's cookie when {@code verified}
     * and our cookie {@code body} when {@code offer}, and says whether the reply returned {@code body}.
     */
    private String echoed(byte[] body, boolean verified, boolean offer) throws IOException {
        byte[] tag = s.tag();
        List<String> elements = new ArrayList<>();
        if (verified) {
            elements.add(Wire.element(ALWAYS_RETURNED, s.nodeCookie));
        }
        elements.add(Wire.element(PLEASE_RETURN, tag));
        if (offer) {
            elements.add(Wire.element(PLEASE_ALWAYS_RETURN, body));
        }
        Optional<ParsedDatagram> reply = s.exchange(s.main, Wire.datagram(elements.toArray(String[]::new)),
                d -> d.hasBody(RETURNED, tag) || d.hasBody(ALWAYS_RETURNED, body));
        if (reply.isEmpty()) {
            return "no reply";
        }
        if (reply.get().hasBody(ALWAYS_RETURNED, body)) {
            return "yes";
        }
        return reply.get().first(ALWAYS_RETURNED).map(e -> "no (got " + Wire.abbreviate(e.body(), 40) + ")")
                .orElse("no");
    }

    private CheckResult peers(Optional<ParsedDatagram> verified) {
        String name = "peers";
        List<Element> lists = new ArrayList<>();
        for (ParsedDatagram d : s.main.received()) {
            lists.addAll(d.all(PEERS));
        }
        if (lists.isEmpty()) {
            return CheckResult.fail(name, "no Peers in any reply to PleaseSendPeers");
        }
        for (Element e : lists) {
            Optional<List<String>> entries = Bodies.strings(e.body(), "peers");
            if (entries.isEmpty()) {
                return CheckResult.fail(name, "a Peers body is not {\"peers\":[address strings]}: "
                        + Wire.abbreviate(e.body(), 60));
            }
            for (String a : entries.get()) {
                if (PeerAddress.parse(a) == null) {
                    return CheckResult.fail(name, "Peers entry \"" + a + "\" is not a literal ip:port");
                }
            }
        }
        Optional<Element> first = s.main.received().stream().flatMap(d -> d.all(PEERS).stream()).findFirst();
        String detail = "Peers with " + count(first) + " when unverified";
        if (verified.isPresent()) {
            detail += ", " + count(verified.get().first(PEERS)) + " when verified";
        }
        return CheckResult.pass(name, detail + "; every entry a literal ip:port");
    }

    private static String count(Optional<Element> peers) {
        return peers.map(e -> Bodies.strings(e.body(), "peers").map(l -> l.size() + (l.size() == 1 ? " entry" : " entries"))
                .orElse("a malformed list")).orElse("no Peers");
    }

    private CheckResult echoSmall() throws IOException {
        KitSocket fresh = s.fresh();
        byte[] body = Wire.utf8(Wire.cookieBody("kit-" + s.runId + "-echo"));
        byte[] request = Wire.datagram(Wire.element(PLEASE_RETURN, body));
        Optional<ParsedDatagram> reply = s.exchange(fresh, request, d -> d.has(RETURNED));
        CheckResult r = echo("echo/small", body, reply, "from a fresh, unverified source");
        s.echoWorks = !r.failed();
        return r;
    }

    private CheckResult echoLarge() throws IOException {
        String prefix = "{\"cookie\":\"kit-" + s.runId + "-large-";
        StringBuilder b = new StringBuilder(LARGE_BODY_BYTES).append(prefix);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (b.length() < LARGE_BODY_BYTES - 2) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        byte[] body = Wire.utf8(b.append("\"}").toString());
        List<String> elements = new ArrayList<>();
        String how = "from a verified source (the node's cookie returned)";
        if (s.nodeCookie != null) {
            elements.add(Wire.element(ALWAYS_RETURNED, s.nodeCookie));
        } else {
            how = "from an unverified source (the node issued no cookie)";
        }
        elements.add(Wire.element(PLEASE_RETURN, body));
        byte[] request = Wire.datagram(elements.toArray(String[]::new));
        byte[] start = Wire.utf8(prefix);
        Optional<ParsedDatagram> reply = s.exchange(s.main, request,
                d -> d.all(RETURNED).stream().anyMatch(e -> startsWith(e.body(), start)));
        return echo("echo/60000", body, reply, how + ", request " + request.length + " B");
    }

    private CheckResult echo(String name, byte[] body, Optional<ParsedDatagram> reply, String how) {
        if (reply.isEmpty()) {
            return CheckResult.fail(name, "no ReturnedMessage for a " + body.length + "-byte body " + how + ", "
                    + s.triesText());
        }
        if (reply.get().hasBody(RETURNED, body)) {
            return CheckResult.pass(name, body.length + "-byte body returned byte for byte " + how);
        }
        return CheckResult.fail(name, "ReturnedMessage differs from the " + body.length + "-byte body sent " + how
                + ": got " + Wire.abbreviate(reply.get().first(RETURNED).orElseThrow().body(), 60));
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        if (a.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private CheckResult cookieAccepted(Optional<ParsedDatagram> verified) {
        String name = "cookie-accepted";
        if (s.nodeCookie == null) {
            return CheckResult.notFound(name, "not observable, the node issued no cookie");
        }
        if (verified.isEmpty()) {
            return CheckResult.notFound(name, "no reply to PleaseSendPeers with the node's cookie returned");
        }
        if (!verified.get().has(PLEASE_ALWAYS_RETURN)) {
            return CheckResult.found(name, "with its cookie returned, the node treats us as verified "
                    + "(no new cookie offer in its reply)");
        }
        return CheckResult.notFound(name, "the node still offers its cookie after we returned it, "
                + "so its verification cannot be seen on the wire");
    }
}
