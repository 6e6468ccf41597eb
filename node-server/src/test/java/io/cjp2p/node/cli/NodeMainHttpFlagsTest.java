package io.cjp2p.node.cli;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeMainHttpFlagsTest {
    @Test
    void httpPortOutOfRangeExitsWithStatus2() {
        CliRun r = CliRun.of("--bootstrap", "none", "--bind", "127.0.0.1", "--port", "0", "--http-port", "70000");
        assertEquals(2, r.code());
        assertEquals("cjp2p-node: --http-port must be in 0..65535, got 70000 (see --help)\n", r.err());
    }

    @Test
    void httpBindThatIsNoAddressExitsWithStatus2() {
        CliRun r = CliRun.of("--bootstrap", "none", "--bind", "127.0.0.1", "--port", "0", "--http-bind", "300.1.2.3x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--http-bind"), r.err());
    }

    @Test
    void httpPortThatIsNotANumberExitsWithStatus2() {
        CliRun r = CliRun.of("--bootstrap", "none", "--http-port", "metrics");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--http-port"), r.err());
    }

    @Test
    void httpFlagsReachTheConfiguration() throws Exception {
        CliRun r = CliRun.of("--bootstrap", "none", "--http-port", "0", "--http-bind", "0.0.0.0");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, r.started().httpPort());
        assertEquals(InetAddress.getByName("0.0.0.0"), r.started().httpAddress());
    }
}
