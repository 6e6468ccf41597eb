package io.cjp2p.loadtest.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends every {@link UnverifiedRequest} from fresh sockets, never with the node's cookie, and
 * measures what comes back within the timeout. Each shape is sent {@value #ROUNDS} times (a node
 * may trim at random, as the Rust node does) and the larger ratio counts.
 */
final class AmplificationCheck {
    static final int ROUNDS = 2;

    /** The table, and the check that judges it. */
    record Outcome(List<AmplificationRow> rows, CheckResult check) {
    }

    private final Session s;

    AmplificationCheck(Session s) {
        this.s = s;
    }

    /** One request shape: its label and its bytes. */
    private record Shape(String label, byte[] bytes) {
    }

    Outcome run() throws IOException, InterruptedException {
        List<Shape> all = new ArrayList<>();
        for (UnverifiedRequest r : UnverifiedRequest.values()) {
            all.add(new Shape(r.label, r.bytes()));
        }
        all.addAll(heldContentShapes());
        Shape[] shapes = all.toArray(new Shape[0]);
        KitSocket[][] sockets = new KitSocket[shapes.length][ROUNDS];
        // Everything goes out first and is collected after one timeout: the replies wait in the
        // sockets' buffers, and the run takes one timeout instead of one per shape.
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < shapes.length; i++) {
                sockets[i][round] = s.fresh();
                sockets[i][round].send(shapes[i].bytes());
            }
        }
        Thread.sleep(s.settings.timeoutMs());
        List<AmplificationRow> rows = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            AmplificationRow worst = null;
            for (int round = 0; round < ROUNDS; round++) {
                sockets[i][round].drain();
                List<Integer> sizes = sockets[i][round].received().stream().map(ParsedDatagram::size).toList();
                AmplificationRow row = new AmplificationRow(shapes[i].label(), shapes[i].bytes().length, sizes);
                if (worst == null || row.ratio() > worst.ratio()) {
                    worst = row;
                }
            }
            rows.add(worst);
        }
        return new Outcome(rows, judge(rows));
    }

    /**
     * Requests for an object the node holds, the ones whose honest answer is largest: the id is the
     * first of the node's own ContentList (asked as a verified peer). None when it lists nothing.
     */
    private List<Shape> heldContentShapes() throws IOException {
        Optional<Element> list = s.askVerified(d -> d.has("ContentList"), Wire.element("PleaseListContent", "{}"))
                .flatMap(d -> d.first("ContentList"));
        Matcher m = list.isEmpty() ? null : HELD_ID.matcher(list.get().bodyText());
        if (m == null || !m.find()) {
            return List.of();
        }
        String id = m.group(1);
        String block = "{\"PleaseSendContent\":{\"id\":\"" + id + "\",\"length\":40960,\"offset\":0}}";
        return List.of(
                new Shape("send-held-content", Wire.utf8("[" + block + "]")),
                new Shape("send-held-content-x4", Wire.utf8("[" + String.join(",", Collections.nCopies(4, block)) + "]")),
                new Shape("send-held-content+long-cookie", Wire.utf8("[" + block
                        + ",{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"" + "c".repeat(400) + "\"}}]")),
                new Shape("send-held-content-past-end", Wire.utf8("[{\"PleaseSendContent\":{\"id\":\"" + id
                        + "\",\"length\":4096,\"offset\":1099511627776}}]")));
    }

    private static final Pattern HELD_ID = Pattern.compile("\\[\"([0-9a-f]{64})\"");

    static CheckResult judge(List<AmplificationRow> rows) {
        String name = "amplification";
        List<AmplificationRow> over = rows.stream().filter(r -> !r.allowed()).toList();
        if (!over.isEmpty()) {
            List<String> parts = over.stream().map(r -> r.request() + " " + format(r.ratio())).toList();
            return CheckResult.fail(name, "above " + format(Amplification.LIMIT) + " to an unverified source: "
                    + String.join(", ", parts));
        }
        AmplificationRow highest = rows.stream().max(Comparator.comparingDouble(AmplificationRow::ratio)).orElseThrow();
        return CheckResult.pass(name, "highest " + format(highest.ratio()) + " (" + highest.request() + ") over "
                + rows.size() + " unverified request shapes, " + ROUNDS + " rounds each; limit "
                + format(Amplification.LIMIT));
    }

    static String format(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }
}
