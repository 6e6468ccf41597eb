package io.cjp2p.loadtest;

import io.cjp2p.loadtest.cli.LoopbackHttp;
import io.cjp2p.loadtest.cli.TargetOption;
import io.cjp2p.loadtest.conformance.ConformanceCommand;
import io.cjp2p.loadtest.eclipse.EclipseReport;
import io.cjp2p.loadtest.eclipse.EclipseRun;
import io.cjp2p.loadtest.eclipse.EclipseSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.Callable;

/**
 * {@code java -jar loadtest/target/loadtest.jar --target 127.0.0.1:24254 --scenario echo}; the jar's
 * entry point, which also dispatches {@code loadtest.jar conformance ...} to {@link ConformanceCommand}.
 *
 * <p>Exit status: 0 when matched replies came back, 1 when none did (or the handshake failed), 2
 * for a bad flag, including a target outside loopback without {@code --allow-non-loopback}.
 */
@Command(name = "cjp2p-flood", mixinStandardHelpOptions = true, version = "cjp2p-flood 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true, subcommands = ConformanceCommand.class,
        description = "Load generator for a CJP2P node. Sends to loopback only unless --allow-non-loopback is given.%n"
                + "Prints a progress line every second on stderr and the final report on stdout.%n"
                + "With the command 'conformance', grades a node instead (see: conformance --help).")
public final class FlooderMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--target", defaultValue = "127.0.0.1:24254", paramLabel = "HOST:PORT",
            description = "The node to load (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--scenario", defaultValue = "echo", paramLabel = "NAME",
            description = "echo, peers, mixed, junk, many-sources, content, content-flood or eclipse (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--duration", defaultValue = "10", paramLabel = "S",
            description = "Seconds measured after the warm-up (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "S",
            description = "Seconds of traffic before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--sockets", defaultValue = "4", paramLabel = "N",
            description = "Client sockets (default: ${DEFAULT-VALUE}).")
    int sockets;

    @Option(names = "--window", defaultValue = "32", paramLabel = "N",
            description = "Outstanding requests per socket in closed loop (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--rate", paramLabel = "PER_S",
            description = "Open loop: datagrams per second over all sockets. Absent: closed loop.")
    Integer rate;

    @Option(names = "--timeout-ms", defaultValue = "1000", paramLabel = "MS",
            description = "A request unanswered this long counts as lost (default: ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Option(names = "--seed-peers", defaultValue = "0", paramLabel = "N",
            description = "Before the run, make N extra loopback sources verified peers of the node, "
                    + "so Peers replies are full (default: ${DEFAULT-VALUE}).")
    int seedPeers;

    @Option(names = "--content-id", paramLabel = "SHA256",
            description = "The object the content scenario asks for: the 64 hex id of a file the target shares.")
    String contentId;

    @Option(names = "--content-blocks", defaultValue = "256", paramLabel = "N",
            description = "The content scenario cycles over the object's first N 4096-byte blocks (default: ${DEFAULT-VALUE}).")
    int contentBlocks;

    @Option(names = "--raw-echo",
            description = "The target is a plain byte echo (the benchmark floor): a reply is the request itself.")
    boolean rawEcho;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
            description = "Process id of the server under test: report its CPU time per reply (from /proc).")
    long serverPid;

    @Option(names = "--eclipse-ips", defaultValue = "270", paramLabel = "N",
            description = "eclipse: attacker IPs, spread over --eclipse-groups /16s (default: ${DEFAULT-VALUE}).")
    int eclipseIps;

    @Option(names = "--eclipse-ports-per-ip", defaultValue = "3", paramLabel = "M",
            description = "eclipse: attacker sources (ports) on each of those IPs (default: ${DEFAULT-VALUE}).")
    int eclipsePortsPerIp;

    @Option(names = "--eclipse-groups", defaultValue = "1", paramLabel = "G",
            description = "eclipse: /16 networks the attacker IPs are in, from 127.77/16 on (default: ${DEFAULT-VALUE}).")
    int eclipseGroups;

    @Option(names = "--eclipse-heavy-ports", defaultValue = "1000", paramLabel = "P",
            description = "eclipse: sources on the attacker's one extra IP, 127.66.0.1; 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    int eclipseHeavyPorts;

    @Option(names = "--eclipse-honest", defaultValue = "20", paramLabel = "H",
            description = "eclipse: honest sources, 127.A.0.1 for A in 1..H (default: ${DEFAULT-VALUE}).")
    int eclipseHonest;

    @Option(names = "--eclipse-refresh-s", defaultValue = "5", paramLabel = "S",
            description = "eclipse: seconds between a verified source's keep-alives (default: ${DEFAULT-VALUE}).")
    int eclipseRefreshS;

    @Option(names = "--status-url", paramLabel = "URL",
            description = "eclipse: the node's status page on loopback, e.g. http://127.0.0.1:24255/status.json, "
                    + "to report the attacker's share of its table.")
    String statusUrl;

    @Option(names = "--metrics-url", paramLabel = "URL",
            description = "The node's /metrics on loopback, e.g. http://127.0.0.1:24255/metrics: report what it "
                    + "dropped during the run, and say so when its abuse limits refused the flood.")
    String metricsUrl;

    @Option(names = "--json", description = "Print the final report as one JSON line, last.")
    boolean json;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    @Option(names = "--allow-non-loopback",
            description = "Allow a target outside loopback. Only load nodes you operate.")
    boolean allowNonLoopback;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FlooderMain());
        // Scripts append overrides to a common set of flags: the last one wins.
        cl.setOverwrittenOptionsAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("try --help");
            return 2;
        });
        return cl;
    }

    private Scenario scenario() {
        try {
            return Scenario.parse(scenario);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--scenario: " + e.getMessage());
        }
    }

    /** Checks the flags; a bad one is a {@link ParameterException} (exit 2). */
    FloodSettings settings() {
        InetSocketAddress address = TargetOption.parse(spec.commandLine(), target, allowNonLoopback, "the flooder");
        InetAddress ip = address.getAddress();
        Scenario s = scenario();
        if ((s == Scenario.MANY_SOURCES || s == Scenario.CONTENT_FLOOD)
                && !(ip instanceof java.net.Inet4Address && ip.isLoopbackAddress())) {
            throw new ParameterException(spec.commandLine(), "--scenario " + s + " needs an IPv4 loopback target");
        }
        try {
            return new FloodSettings(address, s, duration, warmup, sockets, window, rate == null ? 0 : rate,
                    timeoutMs, rawEcho, seedPeers, !quiet, serverPid, contentId, contentBlocks);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@code --metrics-url}, or {@code null}; a bad one is a {@link ParameterException} (exit 2). */
    LoopbackHttp metrics() {
        if (metricsUrl == null) {
            return null;
        }
        try {
            return new LoopbackHttp(new URI(metricsUrl));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--metrics-url must be an http URL on loopback, e.g. "
                    + "http://127.0.0.1:24255/metrics");
        }
    }

    /** The eclipse scenario's flags; a bad one is a {@link ParameterException} (exit 2). */
    EclipseSettings eclipseSettings() {
        InetSocketAddress address = TargetOption.parse(spec.commandLine(), target, allowNonLoopback, "the flooder");
        URI status = null;
        if (statusUrl != null) {
            try {
                status = new URI(statusUrl);
            } catch (URISyntaxException e) {
                throw new ParameterException(spec.commandLine(), "--status-url: " + e.getMessage());
            }
        }
        try {
            return new EclipseSettings(address, duration, eclipseIps, eclipsePortsPerIp, eclipseGroups,
                    eclipseHeavyPorts, eclipseHonest, eclipseRefreshS, status, !quiet);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int eclipse() throws Exception {
        if (metricsUrl != null) {
            throw new ParameterException(spec.commandLine(),
                    "--metrics-url is for the floods; the eclipse scenario reads --status-url");
        }
        PrintWriter out = spec.commandLine().getOut();
        EclipseReport report;
        try {
            report = new EclipseRun(eclipseSettings(), System.err).run();
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        out.println(report.text());
        if (json) {
            out.println(report.json());
        }
        return report.attacker().verified() + report.honest().verified() > 0 ? 0 : 1;
    }

    @Override
    public Integer call() throws Exception {
        if (scenario() == Scenario.ECLIPSE) {
            return eclipse();
        }
        if (rate != null && rate <= 0) {
            throw new ParameterException(spec.commandLine(), "--rate must be positive (omit it for closed loop)");
        }
        FloodSettings settings = settings();
        LoopbackHttp metrics = metrics();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NodeCounters before = null;
        if (metrics != null) {
            try {
                before = NodeCounters.read(metrics);
            } catch (IOException e) {
                err.println("error: --metrics-url " + metrics.url() + ": " + why(e));
                return 1;
            }
        }
        Report report;
        try {
            report = new Flooder(settings, System.err).run();
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        NodeCounters during = null;
        if (before != null) {
            try {
                during = NodeCounters.read(metrics).since(before);
            } catch (IOException e) {
                err.println("warning: --metrics-url " + metrics.url() + " after the run: " + why(e));
            }
        }
        out.println(report.text());
        if (during != null) {
            out.println(during.text());
        }
        LimitsHint.of(report, during, settings.rawEcho()).ifPresent(hint -> out.println("note: " + hint));
        if (json) {
            out.println(report.json());
        }
        return report.replies() > 0 ? 0 : 1;
    }

    /** The failure in words: HttpClient's ConnectException carries no message. */
    private static String why(IOException e) {
        return e instanceof ConnectException
                ? "nothing listens there (the node serves /metrics unless started with --http-port 0)"
                : e.getMessage();
    }
}
