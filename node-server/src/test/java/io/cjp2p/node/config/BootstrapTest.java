package io.cjp2p.node.config;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {
    @Test
    void noneAndEmptyMeanNoBootstrap() {
        assertTrue(Bootstrap.parse("none").isEmpty());
        assertTrue(Bootstrap.parse("NONE").isEmpty());
        assertTrue(Bootstrap.parse("").isEmpty());
    }

    @Test
    void theDefaultListHoldsTheFourPublicNodes() {
        List<InetSocketAddress> list = Bootstrap.parse(Bootstrap.DEFAULT_BOOTSTRAP);
        assertEquals(4, list.size());
        assertTrue(list.stream().allMatch(a -> a.getPort() == 24254));
    }

    @Test
    void literalsAndLoopbackNamesParse() {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5), new InetSocketAddress("::1", 6)),
                Bootstrap.parse("127.0.0.1:5, [::1]:6"));
        assertEquals(24254, Bootstrap.parse("localhost:24254").get(0).getPort());
    }

    @Test
    void badEntriesAreRejectedWithAMessage() {
        for (String bad : new String[] {"127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "[::1:5", "host:port"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bootstrap.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--bootstrap: "), e.getMessage());
        }
    }

    @Test
    void formatPrintsWhatParseTakesBack() {
        List<InetSocketAddress> list = Bootstrap.parse(Bootstrap.DEFAULT_BOOTSTRAP);
        assertEquals(Bootstrap.DEFAULT_BOOTSTRAP, Bootstrap.format(list));
        assertEquals(list, Bootstrap.parse(Bootstrap.format(list)));
        assertEquals("none", Bootstrap.format(List.of()));
    }
}
