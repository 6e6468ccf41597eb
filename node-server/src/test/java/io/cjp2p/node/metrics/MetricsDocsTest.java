package io.cjp2p.node.metrics;

import io.cjp2p.node.support.ExternalTools;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The label values docs/metrics.md lists (its *Labels* table) are exactly those a fresh registry
 * emits, and the metric table of docs/operating.md names the same ones: the docs cannot drift from the enums.
 */
class MetricsDocsTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

    private final Path root = ExternalTools.repositoryRoot();

    /** "metric label" -> values, from the rows of the table under "## Labels" in docs/metrics.md. */
    private Map<String, Set<String>> documented() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(root.resolve("docs/metrics.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Labels");
                continue;
            }
            if (!inSection || !line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            List<String> metrics = codes(cells[1]);
            String label = codes(cells[2]).get(0);
            String value = codes(cells[3]).get(0);
            for (String metric : metrics) {
                out.computeIfAbsent(metric + " " + label, k -> new TreeSet<>()).add(value);
            }
        }
        assertFalse(out.isEmpty(), "no Labels table in docs/metrics.md");
        return out;
    }

    private static List<String> codes(String cell) {
        Matcher m = CODE.matcher(cell);
        return m.results().map(r -> r.group(1)).toList();
    }

    /** "metric label" -> values, from a scrape of a fresh registry, for the metrics and labels asked. */
    private static Map<String, Set<String>> emitted(Set<String> keys) {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Observability o = Observability.create("test")) {
            for (String line : o.scrape().split("\n")) {
                Matcher s = SAMPLE.matcher(line);
                if (!s.find()) {
                    continue;
                }
                Matcher l = LABEL.matcher(s.group(2));
                while (l.find()) {
                    String key = s.group(1) + " " + l.group(1);
                    if (keys.contains(key)) {
                        out.computeIfAbsent(key, k -> new TreeSet<>()).add(l.group(2));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theLabelsTableListsExactlyWhatIsEmitted() throws IOException {
        Map<String, Set<String>> documented = documented();
        assertTrue(documented.keySet().containsAll(Set.of("cjp2p_datagrams_dropped_total reason",
                "cjp2p_elements_skipped_total reason", "cjp2p_messages_received_total type",
                "cjp2p_messages_sent_total type")), documented.keySet().toString());
        assertEquals(documented, emitted(documented.keySet()));
    }

    /** The metric table of docs/operating.md names each labelled counter's values in its labels cell. */
    @Test
    void theOperatingDocNamesTheSameValues() throws IOException {
        Map<String, Set<String>> documented = documented();
        Map<String, Set<String>> inReadme = new TreeMap<>();
        for (String line : Files.readAllLines(root.resolve("docs").resolve("operating.md"))) {
            String[] cells = line.split("\\|", -1);
            if (!line.startsWith("| `cjp2p_") || cells.length < 4) {
                continue;
            }
            List<String> labelCell = codes(cells[2]);
            if (labelCell.isEmpty()) {
                continue;
            }
            for (String metric : codes(cells[1])) {
                // The cell reads "`label`: `value`, `value` ..."; the first code span is the label.
                String key = metric + " " + labelCell.get(0);
                if (documented.containsKey(key)) {
                    inReadme.put(key, new TreeSet<>(labelCell.subList(1, labelCell.size())));
                }
            }
        }
        assertEquals(documented, inReadme);
    }
}
