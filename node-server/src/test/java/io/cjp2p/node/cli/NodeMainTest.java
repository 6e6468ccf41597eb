package io.cjp2p.node.cli;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.config.TransportChoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.cjp2p.node.cli.CliRun.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flags: bad ones print one line and exit 2; enums; good ones reach the node; --help exits 0 and warns of nothing. */
class NodeMainTest {
    @ParameterizedTest
    @ValueSource(strings = {"--port=99999", "--port=-1", "--port=abc", "--threads=0", "--max-peers=0",
            "--bootstrap=nonsense", "--bootstrap=127.0.0.1:0", "--tick-ms=1", "--transport=dpdk",
            "--log-level=LOUD", "--log-level=TRACE", "--no-such-flag", "--bind=999.1.1.1x", "--cpus=x", "--cpus=3-1",
            "--cpus=1023", "--busy-poll=-1", "--busy-poll=1000001", "--busy-poll=fast", "--limits=maybe",
            "--port", "--port=99999999999", "--state-dir="})
    void aBadFlagPrintsOneLineNamingItAndExitsWithStatusTwo(String flag) {
        CliRun r = CliRun.of("--bootstrap=none", flag);
        assertEquals(2, r.code(), flag);
        assertNull(r.started(), "the node was not started");
        String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
        assertTrue(r.err().startsWith("cjp2p-node: "), r.err());
        assertTrue(r.err().endsWith(" (see --help)\n"), r.err());
        assertEquals(1, r.err().lines().count(), "one line, no usage: " + r.err());
        assertTrue(r.err().contains(name), "names the flag: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void aRangeErrorReadsAsTheIssueAsksFor() {
        assertEquals("cjp2p-node: --port must be in 0..65535, got 70000 (see --help)\n",
                CliRun.of("--bootstrap=none", "--port", "70000").err());
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "epoll, EPOLL", "nio, NIO", "NIO, NIO", "Auto, AUTO"})
    void transportTakesItsThreeValuesInAnyCase(String flag, TransportChoice expected) {
        NodeConfig c = parse("--bootstrap=none", "--transport", flag);
        assertEquals(expected, c.transport());
        assertEquals(expected != TransportChoice.NIO, c.preferNativeTransport());
    }

    @ParameterizedTest
    @CsvSource({"ERROR, ERROR", "WARN, WARN", "INFO, INFO", "DEBUG, DEBUG", "debug, DEBUG", "Warn, WARN"})
    void logLevelTakesTheFourDocumentedLevels(String flag, LogLevel expected) {
        picocli.CommandLine cl = NodeMain.commandLine(new NodeMain());
        cl.parseArgs("--log-level", flag);
        assertEquals(expected, cl.<NodeMain>getCommand().logLevel);
    }

    @Test
    void logLevelRefusesTraceAsUndocumented() {
        CliRun r = CliRun.of("--bootstrap=none", "--log-level", "TRACE");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--log-level") && r.err().contains("TRACE"), r.err());
    }

    @Test
    void goodFlagsReachTheNodeAndPrintNothing() {
        CliRun r = CliRun.of("--bootstrap=none", "--bind", "127.0.0.1", "--port", "0", "--threads", "2",
                "--tick-ms", "250", "--peer-ttl-s", "60", "--cookie-rotation-s", "120", "--transport", "nio");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        NodeConfig c = r.started();
        assertNotNull(c);
        assertEquals(2, c.threads());
        assertEquals(Duration.ofMillis(250), c.tick());
        assertEquals(Duration.ofSeconds(60), c.peerTtl());
        assertEquals(Duration.ofSeconds(60), c.handoutWindow(), "never longer than the TTL");
        assertEquals(Duration.ofSeconds(120), c.cookieRotation());
        assertEquals(TransportChoice.NIO, c.transport());
    }

    @Test
    void busyPollIsInMicrosecondsAndOffByDefault() {
        assertEquals(Duration.ZERO, parse("--bootstrap=none").busyPoll());
        assertEquals(Duration.ofNanos(250_000), parse("--bootstrap=none", "--busy-poll=250").busyPoll());
    }

    /** Picocli formats each description; a stray {@code %} makes it print a warning with the help. */
    @ParameterizedTest
    @CsvSource({"--help, --port", "get --help, --from"})
    void helpExitsZeroWithoutWarnings(String args, String flag) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        CliRun r;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            r = CliRun.of(args.split(" "));
        } finally {
            System.setErr(saved);
        }
        assertEquals(0, r.code());
        assertTrue(r.out().contains(flag), r.out());
        assertNull(r.started());
        assertEquals("", stderr.toString(StandardCharsets.UTF_8) + r.err());
    }
}
