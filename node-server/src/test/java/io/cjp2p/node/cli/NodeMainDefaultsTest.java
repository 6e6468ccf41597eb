package io.cjp2p.node.cli;

import io.cjp2p.codec.PeerAddress;
import io.cjp2p.node.config.Bound;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every default has one source, {@link NodeConfig#DEFAULT}: {@code --help} shows it, a command line
 * without flags gives it, and it is what README.md documents.
 */
class NodeMainDefaultsTest {
    /** The defaults as each flag writes them, worked out here from the records, not from NodeDefaults. */
    private static Map<String, String> expectedDefaults() {
        NodeConfig d = NodeConfig.DEFAULT;
        LimitsConfig l = d.limits();
        Map<String, String> m = new HashMap<>();
        m.put("--port", "" + d.port());
        m.put("--bind", d.bindAddress().isAnyLocalAddress() && d.bindAddress().getAddress().length == 16 ? "::" : "?");
        m.put("--bootstrap", d.bootstrap().stream().map(PeerAddress::format).collect(Collectors.joining(",")));
        m.put("--max-peers", "" + d.maxPeers());
        m.put("--max-candidates", "" + d.maxCandidates());
        m.put("--threads", "" + d.threads());
        m.put("--transport", d.transport().name().toLowerCase());
        m.put("--busy-poll", "" + d.busyPoll().toNanos() / 1000);
        m.put("--send-socket", d.sendSocket() ? "on" : "off");
        m.put("--tick-ms", "" + d.tick().toMillis());
        m.put("--peer-ttl-s", "" + d.peerTtl().toSeconds());
        m.put("--cookie-rotation-s", "" + d.cookieRotation().toSeconds());
        m.put("--log-level", "INFO");
        m.put("--http-port", "" + d.httpPort());
        m.put("--http-bind", d.httpAddress().getHostAddress());
        m.put("--ws-allow-origin", d.wsAllowOrigins().isEmpty() ? "none" : String.join(",", d.wsAllowOrigins()));
        m.put("--limits", l.enabled() ? "on" : "off");
        m.put("--limit-unverified-pps", "" + l.unverifiedDatagrams().perSecond());
        m.put("--limit-verified-pps", "" + l.verifiedDatagrams().perSecond());
        m.put("--limit-prefix-pps", "" + l.prefixDatagrams().perSecond());
        m.put("--limit-unverified-reply-bytes", "" + l.unverifiedReplyBytes().perSecond());
        m.put("--limit-verified-reply-bytes", "" + l.verifiedReplyBytes().perSecond());
        m.put("--limit-global-reply-bytes", "" + l.globalReplyBytes().perSecond());
        m.put("--limit-table-size", "" + l.tableSize());
        m.put("--state-dir", d.stateDir().toString());
        m.put("--upload-max-bytes", "" + d.uploadMaxBytes());
        return m;
    }

    /** {@code --help}, wide enough not to wrap, each option's text on one line, keyed by flag. */
    private static Map<String, String> helpLines() {
        StringWriter out = new StringWriter();
        CommandLine cl = NodeMain.commandLine(new NodeMain(config -> {
            throw new AssertionError("--help started a node");
        }));
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(1000);
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("--help"));
        Map<String, String> lines = new TreeMap<>();
        Pattern option = Pattern.compile("^\\s+(?:-\\w, )?(--[a-z-]+)");
        String flag = null;
        for (String line : out.toString().lines().toList()) {
            Matcher m = option.matcher(line);
            if (m.find()) {
                flag = m.group(1);
                lines.put(flag, line);
            } else if (flag != null && line.startsWith(" ")) {
                // a long option name pushes its description onto the next line
                lines.merge(flag, line.strip(), (a, b) -> a + " " + b);
            }
        }
        return lines;
    }

    /** What follows "default: " (and "the public nodes ") in a help line. */
    private static String shownDefault(String line) {
        int at = line.indexOf("default: ");
        assertTrue(at >= 0, "no default shown: " + line);
        String rest = line.substring(at + "default: ".length());
        return rest.startsWith("the public nodes ") ? rest.substring("the public nodes ".length()) : rest;
    }

    @Test
    void helpShowsEachDefaultFromNodeConfigDefault() {
        Map<String, String> help = helpLines();
        expectedDefaults().forEach((flag, value) -> {
            String line = help.get(flag);
            assertNotNull(line, "--help lists " + flag);
            String shown = shownDefault(line);
            assertTrue(shown.startsWith(value), flag + ": expected " + value + " in " + line);
            char next = shown.length() > value.length() ? shown.charAt(value.length()) : ' ';
            assertTrue(!Character.isLetterOrDigit(next) && next != '.', flag + " shows more: " + line);
        });
    }

    @Test
    void helpShowsEachRangeFromBound() {
        Map<String, String> help = helpLines();
        for (Bound b : Bound.values()) {
            String line = help.get(b.flag());
            assertNotNull(line, "--help lists " + b.flag());
            assertTrue(line.contains(" " + b.min() + ".." + b.max()), b.flag() + ": " + line);
        }
    }

    @Test
    void noFlagsGiveExactlyNodeConfigDefault() {
        assertEquals(NodeConfig.DEFAULT, CliRun.parse());
        CliRun r = CliRun.of();
        assertEquals(0, r.code(), r.err());
        assertEquals(NodeConfig.DEFAULT, r.started());
    }

    @Test
    void noOptionDeclaresADefaultOfItsOwn() {
        CommandLine cl = NodeMain.commandLine(new NodeMain());
        Set<String> without = Set.of("--help", "--version", "--cpus");
        for (OptionSpec o : cl.getCommandSpec().options()) {
            assertNull(o.defaultValue(), o.longestName() + " has an annotation default");
            String provided = defaultOf(cl, o);
            if (without.contains(o.longestName())) {
                assertNull(provided, o.longestName());
            } else {
                assertEquals(expectedDefaults().get(o.longestName()), provided, o.longestName());
            }
        }
    }

    private static String defaultOf(CommandLine cl, OptionSpec o) {
        try {
            return cl.getCommandSpec().defaultValueProvider().defaultValue(o);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The Flags, Abuse limits and Metrics tables of docs/operating.md: every literal default there is
     * the one --help shows, and every flag they name exists.
     */
    @Test
    void theOperatingDocDocumentsTheseDefaults() throws IOException {
        Map<String, String> documented = readmeDefaults(Files.readString(Path.of("..", "docs", "operating.md")));
        Map<String, String> expected = expectedDefaults();
        Map<String, String> help = helpLines();
        assertTrue(documented.size() >= 20, "the tables of docs/operating.md were found: " + documented);
        documented.forEach((flag, value) -> {
            assertTrue(help.containsKey(flag), "docs/operating.md documents " + flag + ", which --help lacks");
            if (value.equals("the four public nodes")) {
                assertEquals(4, NodeConfig.DEFAULT.bootstrap().size());
            } else if (value.equals("not pinned")) {
                assertTrue(NodeConfig.DEFAULT.cpus().isEmpty());
            } else if (!value.isEmpty()) {
                assertEquals(value, expected.get(flag), flag);
            }
        });
    }

    /**
     * Rows such as "| `--a`, `--b` | 1, 2 | ..." as {--a=1, --b=2}, from the sections on the node's
     * flags (the load generator's come later, under their own headings).
     */
    static Map<String, String> readmeDefaults(String readme) {
        Map<String, String> out = new TreeMap<>();
        Pattern flag = Pattern.compile("`(--[a-z-]+)`");
        Set<String> sections = Set.of("## Flags", "## Abuse limits", "## Metrics, status page and the operator's stack");
        boolean inSection = false;
        for (String line : readme.lines().toList()) {
            if (line.startsWith("## ")) {
                inSection = sections.contains(line.strip());
            }
            if (!inSection || !line.startsWith("| `--")) {
                continue;
            }
            String[] cells = line.split("\\|");
            List<String> flags = new ArrayList<>();
            Matcher m = flag.matcher(cells[1]);
            while (m.find()) {
                flags.add(m.group(1));
            }
            String value = cells[2].strip().replace("`", "");
            String[] values = value.isEmpty() ? Collections.nCopies(flags.size(), "").toArray(String[]::new)
                    : value.split(",\\s*");
            assertEquals(flags.size(), values.length, line);
            for (int i = 0; i < flags.size(); i++) {
                out.put(flags.get(i), values[i]);
            }
        }
        return out;
    }
}
