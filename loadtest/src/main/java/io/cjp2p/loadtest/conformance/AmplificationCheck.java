package io.cjp2p.loadtest.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

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

    Outcome run() throws IOException, InterruptedException {
        UnverifiedRequest[] shapes = UnverifiedRequest.values();
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
                AmplificationRow row = new AmplificationRow(shapes[i].label, shapes[i].bytes().length, sizes);
                if (worst == null || row.ratio() > worst.ratio()) {
                    worst = row;
                }
            }
            rows.add(worst);
        }
        return new Outcome(rows, judge(rows));
    }

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
