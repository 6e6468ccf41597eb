package io.cjp2p.loadtest.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The state one run builds up and the checks share: the sockets, the node's cookie for our main
 * socket, and whether the node round-trips PleaseReturnThisMessage (then every request carries a
 * tag to match its reply by, and an answered request ends its wait at once).
 */
final class Session implements AutoCloseable {
    final KitSettings settings;
    final Sources sources;
    final Traffic traffic = new Traffic();
    /** Distinguishes this run's tags and cookies from any earlier run's. */
    final String runId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final List<KitSocket> sockets = new ArrayList<>();
    private int tags;

    /** The socket that learns the node's cookie and then speaks as a verified peer. */
    KitSocket main;
    /** The body of the node's PleaseAlwaysReturnThisMessage to {@link #main}; null until issued. */
    byte[] nodeCookie;
    /** The node returned a PleaseReturnThisMessage body byte for byte. */
    boolean echoWorks;

    Session(KitSettings settings) {
        this.settings = settings;
        this.sources = Sources.forTarget(settings.target());
    }

    /** A new socket: a fresh source port, and a fresh source IP when the target allows it. */
    KitSocket fresh() throws IOException {
        KitSocket s = new KitSocket(sources.next(), settings.target(), sources, traffic);
        sockets.add(s);
        return s;
    }

    /** A body for PleaseReturnThisMessage that no other request of any run carries. */
    byte[] tag() {
        return Wire.utf8(Wire.cookieBody("kit-" + runId + "-" + ++tags));
    }

    /**
     * Sends {@code request} up to {@code tries} times, each time waiting {@code timeoutMs} for a
     * datagram that satisfies {@code done}.
     */
    Optional<ParsedDatagram> exchange(KitSocket s, byte[] request, Predicate<ParsedDatagram> done) throws IOException {
        return exchange(s, request, done, settings.tries());
    }

    Optional<ParsedDatagram> exchange(KitSocket s, byte[] request, Predicate<ParsedDatagram> done, int tries)
            throws IOException {
        for (int i = 0; i < tries; i++) {
            s.send(request);
            Optional<ParsedDatagram> reply = s.await(done, settings.timeoutMs());
            if (reply.isPresent()) {
                return reply;
            }
        }
        return Optional.empty();
    }

    /**
     * Asks from the main socket as a verified peer: the node's cookie returned, the elements, and a
     * tag when the node echoes. The wait ends at the tagged reply, or at a datagram that satisfies
     * {@code answer}.
     */
    Optional<ParsedDatagram> askVerified(Predicate<ParsedDatagram> answer, String... elements) throws IOException {
        return ask(main, true, answer, settings.tries(), elements);
    }

    /** The same, from any socket, with the node's cookie only when {@code verified}. */
    Optional<ParsedDatagram> ask(KitSocket s, boolean verified, Predicate<ParsedDatagram> answer, int tries,
                                 String... elements) throws IOException {
        List<String> all = new ArrayList<>();
        if (verified && nodeCookie != null) {
            all.add(Wire.element(Wire.ALWAYS_RETURNED, nodeCookie));
        }
        all.addAll(Arrays.asList(elements));
        Predicate<ParsedDatagram> done = answer;
        if (echoWorks) {
            byte[] tag = tag();
            all.add(Wire.element(Wire.PLEASE_RETURN, tag));
            done = answer.or(d -> d.hasBody(Wire.RETURNED, tag));
        }
        return exchange(s, Wire.datagram(all.toArray(String[]::new)), done, tries);
    }

    /** "in 3 tries of 1000 ms", for details of unanswered requests. */
    String triesText() {
        return "in " + settings.tries() + (settings.tries() == 1 ? " try" : " tries") + " of "
                + settings.timeoutMs() + " ms";
    }

    @Override
    public void close() {
        sockets.forEach(KitSocket::close);
    }
}
