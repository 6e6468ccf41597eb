package io.cjp2p.loadtest;

import io.cjp2p.loadtest.cli.LoopbackHttp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The node's {@code cjp2p_datagrams_received_total} and {@code cjp2p_datagrams_dropped_total} by
 * reason, read from its Prometheus page ({@code --metrics-url}): what became of the flood there.
 *
 * @param received datagrams the node received
 * @param dropped  datagrams it dropped whole, by the {@code reason} label
 */
public record NodeCounters(long received, Map<String, Long> dropped) {
    /**
     * The drop reasons that are the node's abuse limits, which {@code --limits off} switches off
     * (node-server's {@code Refusal}, less bad_source and own_address, which no limit decides).
     */
    static final Set<String> LIMIT_REASONS =
            Set.of("rate_limited_source", "rate_limited_prefix", "reply_budget", "reply_ceiling");

    private static final String RECEIVED = "cjp2p_datagrams_received_total";
    private static final String DROPPED = "cjp2p_datagrams_dropped_total";

    public NodeCounters {
        dropped = Map.copyOf(dropped);
    }

    /** Fetches and parses the page. @throws IOException when it cannot be read or lacks the counters */
    static NodeCounters read(LoopbackHttp metrics) throws IOException, InterruptedException {
        return parse(new String(metrics.get(), StandardCharsets.UTF_8));
    }

    /** Parses the Prometheus text format. @throws IOException when the two counters are not there */
    static NodeCounters parse(String page) throws IOException {
        long received = -1;
        Map<String, Long> dropped = new TreeMap<>();
        for (String line : page.split("\n")) {
            if (line.startsWith(RECEIVED + " ") || line.startsWith(RECEIVED + "{")) {
                received = value(line);
            } else if (line.startsWith(DROPPED + "{")) {
                String reason = label(line, "reason");
                if (reason != null) {
                    dropped.merge(reason, value(line), Long::sum);
                }
            }
        }
        if (received < 0 || dropped.isEmpty()) {
            throw new IOException("no " + RECEIVED + " and " + DROPPED + " there: is it the node's /metrics?");
        }
        return new NodeCounters(received, dropped);
    }

    /** The sample value after the closing brace (or the name), e.g. {@code 599.0}. */
    private static long value(String line) throws IOException {
        int brace = line.lastIndexOf('}');
        String[] rest = line.substring(brace < 0 ? line.indexOf(' ') : brace + 1).trim().split("\\s+");
        try {
            return (long) Double.parseDouble(rest[0]);
        } catch (NumberFormatException e) {
            throw new IOException("not a sample: " + line);
        }
    }

    private static String label(String line, String name) {
        int start = line.indexOf(name + "=\"");
        if (start < 0) {
            return null;
        }
        start += name.length() + 2;
        int end = line.indexOf('"', start);
        return end < 0 ? null : line.substring(start, end);
    }

    /**
     * What happened between {@code before} and this reading. A counter that went down means the
     * node restarted in between: its count since the restart is the best there is.
     */
    NodeCounters since(NodeCounters before) {
        Map<String, Long> d = new TreeMap<>();
        dropped.forEach((reason, n) -> d.put(reason, delta(n, before.dropped.getOrDefault(reason, 0L))));
        return new NodeCounters(delta(received, before.received), d);
    }

    private static long delta(long after, long before) {
        return after >= before ? after - before : after;
    }

    /** The reasons with drops, the largest first. */
    Map<String, Long> nonZero() {
        return dropped.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** The drops of the abuse limits, the largest first. */
    Map<String, Long> limitDrops() {
        Map<String, Long> limits = nonZero();
        limits.keySet().retainAll(LIMIT_REASONS);
        return limits;
    }

    /** Datagrams the abuse limits refused. */
    long limitRefusals() {
        return limitDrops().values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code rate_limited_source: 98,123, not_json: 4}, or {@code none}. */
    static String list(Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s: %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The report line: what the node received and dropped during the run. */
    String text() {
        return String.format(Locale.ROOT, "  node        received %,d datagrams, dropped %s", received,
                list(nonZero()));
    }
}
