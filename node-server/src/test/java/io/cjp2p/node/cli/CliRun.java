package io.cjp2p.node.cli;

import io.cjp2p.node.config.NodeConfig;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The command line run in-process, as {@code main} runs it, except that a good configuration is
 * recorded instead of started: no socket is opened.
 *
 * @param code    the exit status
 * @param out     what went to standard output (help, version)
 * @param err     what went to standard error
 * @param started the configuration the node would have started with; null when it would not have
 */
record CliRun(int code, String out, String err, NodeConfig started) {
    static CliRun of(String... args) {
        AtomicReference<NodeConfig> started = new AtomicReference<>();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = NodeMain.commandLine(new NodeMain(config -> {
            started.set(config);
            return 0;
        }));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString(), started.get());
    }

    /** The configuration the flags give, without running anything. */
    static NodeConfig parse(String... args) {
        CommandLine cl = NodeMain.commandLine(new NodeMain());
        cl.parseArgs(args);
        return cl.<NodeMain>getCommand().toConfig();
    }
}
