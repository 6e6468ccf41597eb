package io.cjp2p.node.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeMainWsFlagTest {
    @Test
    void originsReachTheConfiguration() {
        CliRun r = CliRun.of("--bootstrap", "none", "--ws-allow-origin", "https://app.example, http://[::1]:8080,null");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("https://app.example", "http://[::1]:8080", "null"), r.started().wsAllowOrigins());
    }

    @Test
    void noneIsNone() {
        CliRun r = CliRun.of("--bootstrap", "none", "--ws-allow-origin", "none");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), r.started().wsAllowOrigins());
    }

    @Test
    void somethingThatIsNoOriginExitsWithStatus2() {
        for (String bad : new String[] {"*", "app.example", "https://app.example/path", "https://a b"}) {
            CliRun r = CliRun.of("--bootstrap", "none", "--ws-allow-origin", bad);
            assertEquals(2, r.code(), bad);
            assertTrue(r.err().startsWith("cjp2p-node: --ws-allow-origin: '"), r.err());
        }
    }
}
