package io.cjp2p.node.cli;

import io.cjp2p.node.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flags: bad ones exit 2 with a message naming the flag; --help exits 0. */
class NodeMainTest {
    private static int run(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new NodeMain());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=99999", "--port=-1", "--port=abc", "--threads=0", "--max-peers=0",
            "--bootstrap=nonsense", "--bootstrap=127.0.0.1:0", "--tick-ms=1", "--transport=dpdk",
            "--log-level=LOUD", "--no-such-flag", "--bind=999.1.1.1x", "--cpus=x", "--cpus=3-1", "--cpus=1023",
            "--busy-poll=-1", "--busy-poll=1000001", "--busy-poll=fast"})
    void aBadFlagExitsWithStatusTwoAndSaysWhy(String flag) {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--bootstrap=none", flag), flag);
        String name = flag.substring(0, flag.contains("=") ? flag.indexOf('=') : flag.length());
        assertTrue(err.toString().contains(name) || err.toString().contains(flag.substring(flag.indexOf('=') + 1)),
                "message names the flag: " + err);
    }

    @Test
    void busyPollIsInMicrosecondsAndOffByDefault() {
        assertEquals(Duration.ZERO, parse("--bootstrap=none").busyPoll());
        assertEquals(Duration.ofNanos(250_000), parse("--bootstrap=none", "--busy-poll=250").busyPoll());
    }

    private static NodeConfig parse(String... args) {
        NodeMain main = new NodeMain();
        new CommandLine(main).parseArgs(args);
        return main.toConfig();
    }

    @Test
    void helpExitsZero() {
        assertEquals(0, run(new StringWriter(), "--help"));
    }
}
