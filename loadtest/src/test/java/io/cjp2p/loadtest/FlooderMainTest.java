package io.cjp2p.loadtest;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlooderMainTest {
    private static int run(StringWriter err, String... args) {
        CommandLine cl = FlooderMain.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void aTargetOutsideLoopbackIsRefused() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "--target", "192.0.2.1:24254", "--duration", "1"));
        assertTrue(err.toString().contains("outside loopback"), err.toString());
    }

    @Test
    void badFlagsExitWithTwo() {
        assertEquals(2, run(new StringWriter(), "--scenario", "nonsense"));
        assertEquals(2, run(new StringWriter(), "--sockets", "0"));
        assertEquals(2, run(new StringWriter(), "--target", "localhost"));
        assertEquals(2, run(new StringWriter(), "--rate", "-5"));
        assertEquals(2, run(new StringWriter(), "--no-such-flag"));
    }

    @Test
    void helpExitsWithZero() {
        assertEquals(0, run(new StringWriter(), "--help"));
    }

    @Test
    void sequenceNumbersAreReadOnlyFromTheExactShape() {
        assertEquals(42, ReplyCheck.parseSequence(io.cjp2p.codec.RawJson.of("{\"n\":42}")));
        assertEquals(ReplyCheck.NO_MATCH, ReplyCheck.parseSequence(io.cjp2p.codec.RawJson.of("{\"n\":4x}")));
        assertEquals(ReplyCheck.NO_MATCH, ReplyCheck.parseSequence(io.cjp2p.codec.RawJson.of("{\"m\":42}")));
    }
}
