package io.cjp2p.node.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelUdpStatsTest {
    private static final String SNMP = """
            Ip: Forwarding DefaultTTL InReceives
            Ip: 1 64 12345
            Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
            Udp: 1000 7 42 900 40 2 0 0 0
            UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
            UdpLite: 0 0 0 0 0 0 0 0 0
            """;
    private static final String SNMP6 = """
            Udp6InDatagrams                 	55
            Udp6RcvbufErrors                	3
            Udp6SndbufErrors                	0
            Udp6InErrors                    	4
            Udp6NoPorts                     	1
            """;

    @Test
    void readsTheUdpTablesNotUdpLite(@TempDir Path dir) throws IOException {
        Path snmp = Files.writeString(dir.resolve("snmp"), SNMP);
        Path snmp6 = Files.writeString(dir.resolve("snmp6"), SNMP6);
        long[] now = {0};
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new KernelUdpStats(snmp, snmp6, () -> now[0]).bindTo(registry);
        assertEquals(40, registry.get("cjp2p.kernel.udp.errors").tags("error", "rcvbuf", "family", "ipv4")
                .functionCounter().count());
        assertEquals(42, registry.get("cjp2p.kernel.udp.errors").tags("error", "in", "family", "ipv4")
                .functionCounter().count());
        assertEquals(3, registry.get("cjp2p.kernel.udp.errors").tags("error", "rcvbuf", "family", "ipv6")
                .functionCounter().count());
        // Values are read at scrape time, not when the meter was made; one reading serves a whole
        // scrape's counters, and the next scrape reads again.
        Files.writeString(snmp, SNMP.replace("1000 7 42 900 40", "1000 7 42 900 41"));
        now[0] += KernelUdpStats.FRESH_NANOS - 1;
        assertEquals(40, registry.get("cjp2p.kernel.udp.errors").tags("error", "rcvbuf", "family", "ipv4")
                .functionCounter().count());
        now[0] += 1;
        assertEquals(41, registry.get("cjp2p.kernel.udp.errors").tags("error", "rcvbuf", "family", "ipv4")
                .functionCounter().count());
    }

    /** Nothing but the registry refers to the binder; a collection must not freeze its counters. */
    @Test
    void theCountersOutliveACollection(@TempDir Path dir) throws IOException {
        Path snmp = Files.writeString(dir.resolve("snmp"), SNMP);
        Path snmp6 = Files.writeString(dir.resolve("snmp6"), SNMP6);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        long[] now = {0};
        new KernelUdpStats(snmp, snmp6, () -> now[0]).bindTo(registry);
        System.gc();
        System.gc();
        Files.writeString(snmp, SNMP.replace("1000 7 42 900 40", "1000 7 42 900 77"));
        now[0] += KernelUdpStats.FRESH_NANOS;
        assertEquals(77, registry.get("cjp2p.kernel.udp.errors").tags("error", "rcvbuf", "family", "ipv4")
                .functionCounter().count());
    }

    @Test
    void unreadableFilesRegisterNothing(@TempDir Path dir) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new KernelUdpStats(dir.resolve("missing"), dir.resolve("missing6")).bindTo(registry);
        assertTrue(registry.find("cjp2p.kernel.udp.errors").meters().isEmpty());
    }
}
