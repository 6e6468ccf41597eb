package io.cjp2p.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The kernel's UDP error counters from {@code /proc/net/snmp} and {@code /proc/net/snmp6}: above
 * all {@code RcvbufErrors}, datagrams the kernel threw away because our socket buffer was full,
 * which the node itself can never see. They count for the whole network namespace (in a container,
 * that is the node alone).
 */
public final class KernelUdpStats {
    /** Our label, then the field name in /proc/net/snmp ("Udp:" table) and /proc/net/snmp6. */
    private static final List<String[]> ERRORS = List.of(
            new String[] {"rcvbuf", "RcvbufErrors"},
            new String[] {"sndbuf", "SndbufErrors"},
            new String[] {"in", "InErrors"},
            new String[] {"no_port", "NoPorts"});

    private final Path snmp;
    private final Path snmp6;

    public KernelUdpStats(Path snmp, Path snmp6) {
        this.snmp = snmp;
        this.snmp6 = snmp6;
    }

    public KernelUdpStats() {
        this(Path.of("/proc/net/snmp"), Path.of("/proc/net/snmp6"));
    }

    /**
     * Registers {@code cjp2p_kernel_udp_errors_total{error, family}} for what is readable here.
     *
     * <p>Micrometer keeps a function counter's state object only weakly, and once it is collected the
     * counter stays at its last value for good. Nothing else keeps a KernelUdpStats, so the functions
     * below refer to this object themselves (the registry holds them strongly).
     */
    public void bindTo(MeterRegistry registry) {
        boolean v4 = readUdp(snmp).isPresent();
        boolean v6 = readUdp6(snmp6).isPresent();
        for (String[] e : ERRORS) {
            if (v4) {
                FunctionCounter.builder("cjp2p.kernel.udp.errors", this, s -> udp(e[1]))
                        .tags("error", e[0], "family", "ipv4")
                        .description("Kernel UDP counters for the network namespace (/proc/net/snmp)")
                        .register(registry);
            }
            if (v6) {
                FunctionCounter.builder("cjp2p.kernel.udp.errors", this, s -> udp6("Udp6" + e[1]))
                        .tags("error", e[0], "family", "ipv6")
                        .description("Kernel UDP counters for the network namespace (/proc/net/snmp)")
                        .register(registry);
            }
        }
    }

    double udp(String field) {
        return readUdp(snmp).map(m -> m.getOrDefault(field, Double.NaN)).orElse(Double.NaN);
    }

    double udp6(String field) {
        return readUdp6(snmp6).map(m -> m.getOrDefault(field, Double.NaN)).orElse(Double.NaN);
    }

    /** The "Udp:" table of /proc/net/snmp: a header line of names, then a line of values. */
    static java.util.Optional<Map<String, Double>> readUdp(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp: ") && lines.get(i + 1).startsWith("Udp: ")) {
                    String[] names = lines.get(i).substring(5).trim().split("\\s+");
                    String[] values = lines.get(i + 1).substring(5).trim().split("\\s+");
                    Map<String, Double> m = new java.util.HashMap<>();
                    for (int k = 0; k < Math.min(names.length, values.length); k++) {
                        m.put(names[k], Double.parseDouble(values[k]));
                    }
                    return java.util.Optional.of(m);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc not mounted: the metric is simply absent.
        }
        return java.util.Optional.empty();
    }

    /** /proc/net/snmp6: one "name value" pair per line. */
    static java.util.Optional<Map<String, Double>> readUdp6(Path file) {
        try {
            Map<String, Double> m = new java.util.HashMap<>();
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[0].startsWith("Udp6")) {
                    m.put(f[0], Double.parseDouble(f[1]));
                }
            }
            return m.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(m);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
