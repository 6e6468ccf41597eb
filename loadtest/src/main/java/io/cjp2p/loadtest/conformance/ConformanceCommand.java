package io.cjp2p.loadtest.conformance;

import io.cjp2p.loadtest.cli.TargetOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

/**
 * {@code java -jar loadtest/target/loadtest.jar conformance --target 127.0.0.1:24254}.
 *
 * <p>Exit status: 0 when every required check passes, 1 when one fails (or the kit cannot run), 2
 * for a bad flag, including a target outside loopback without {@code --allow-non-loopback}.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true, version = "cjp2p-conformance 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Grades any CJP2P node with a small, bounded number of datagrams (about a hundred, never a flood).",
            "Required: JSON array replies, cookies issued and echoed in every shape, Peers, byte-exact echoes "
                    + "(small and 60 000 bytes), at most 2x amplification to unverified sources, survival of "
                    + "hostile datagrams. Optional features are reported, never failed.",
            "Refuses a target outside loopback unless --allow-non-loopback is given.",
            "Exit status: 0 when every required check passes, 1 when one fails, 2 for a bad flag."})
public final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--target", defaultValue = "127.0.0.1:24254", paramLabel = "HOST:PORT",
            description = "The node to grade, a literal ip:port (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--timeout-ms", defaultValue = "1000", paramLabel = "MS",
            description = "How long one try waits for a reply (default: ${DEFAULT-VALUE}).")
    int timeoutMs;

    @Option(names = "--tries", defaultValue = "3", paramLabel = "N",
            description = "Sends of a request before it counts as unanswered, for UDP loss (default: ${DEFAULT-VALUE}).")
    int tries;

    @Option(names = "--json", description = "Print one JSON document instead of the tables.")
    boolean json;

    @Option(names = "--allow-non-loopback",
            description = "Allow a target outside loopback. Only grade nodes you operate: the kit sends hostile datagrams.")
    boolean allowNonLoopback;

    /** Checks the flags; a bad one is a {@link ParameterException} (exit 2). */
    KitSettings settings() {
        InetSocketAddress address = TargetOption.parse(spec.commandLine(), target, allowNonLoopback, "the kit");
        try {
            return new KitSettings(address, timeoutMs, tries);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        KitSettings settings = settings();
        KitReport report;
        try {
            report = new ConformanceKit(settings).run();
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? report.json() : report.text());
        out.flush();
        return report.passed() ? 0 : 1;
    }
}
