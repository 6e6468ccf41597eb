package io.cjp2p.node.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeMainHttpFlagsTest {
    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new NodeMain()).setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void httpPortOutOfRangeExitsWithStatus2() {
        String[] r = run("--bootstrap", "none", "--bind", "127.0.0.1", "--port", "0", "--http-port", "70000");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--http-port must be in 0..65535"), r[1]);
    }

    @Test
    void httpBindThatIsNoAddressExitsWithStatus2() {
        String[] r = run("--bootstrap", "none", "--bind", "127.0.0.1", "--port", "0", "--http-bind", "300.1.2.3x");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--http-bind"), r[1]);
    }

    @Test
    void httpPortThatIsNotANumberExitsWithStatus2() {
        String[] r = run("--bootstrap", "none", "--http-port", "metrics");
        assertEquals("2", r[0]);
    }
}
