package io.cjp2p.node.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The kernel's UDP error counters from {@code /proc/net/snmp} and {@code /proc/net/snmp6}: above
 * all {@code RcvbufErrors}, datagrams the kernel threw away because our socket buffer was full,
 * which the node itself can never see. They count for the whole network namespace (in a container,
 * that is the node alone).
 *
 * <p>A scrape asks for the eight counters one after another. One reading of the two files serves
 * them all for {@link #FRESH_NANOS}, so a scrape reads and splits each file once instead of once per
 * counter (that was about 550 KiB of garbage per scrape, on the cores the packet path runs on).
 */
public final class KernelUdpStats {
    /** How long one reading serves: longer than a cold scrape takes, far shorter than any scrape interval. */
    static final long FRESH_NANOS = 250_000_000L;

    /** Our label, then the field name in /proc/net/snmp ("Udp:" table) and /proc/net/snmp6. */
    private static final List<String[]> ERRORS = List.of(
            new String[] {"rcvbuf", "RcvbufErrors"},
            new String[] {"sndbuf", "SndbufErrors"},
            new String[] {"in", "InErrors"},
            new String[] {"no_port", "NoPorts"});

    private final Path snmp;
    private final Path snmp6;
    private final LongSupplier nanoClock;
    private long readAt;
    private Map<String, Double> udp = Map.of();
    private Map<String, Double> udp6 = Map.of();

    KernelUdpStats(Path snmp, Path snmp6, LongSupplier nanoClock) {
        this.snmp = snmp;
        this.snmp6 = snmp6;
        this.nanoClock = nanoClock;
    }

    public KernelUdpStats(Path snmp, Path snmp6) {
        this(snmp, snmp6, System::nanoTime);
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
        boolean v4;
        boolean v6;
        synchronized (this) {
            refresh(true);
            v4 = !udp.isEmpty();
            v6 = !udp6.isEmpty();
        }
        for (String[] e : ERRORS) {
            if (v4) {
                FunctionCounter.builder("cjp2p.kernel.udp.errors", this, s -> udp(e[1]))
                        .tags("error", e[0], "family", "ipv4")
                        .description("Kernel UDP counters for the network namespace (/proc/net/snmp)")
                        .register(registry);
            }
            if (v6) {
                String field6 = "Udp6" + e[1];
                FunctionCounter.builder("cjp2p.kernel.udp.errors", this, s -> udp6(field6))
                        .tags("error", e[0], "family", "ipv6")
                        .description("Kernel UDP counters for the network namespace (/proc/net/snmp)")
                        .register(registry);
            }
        }
    }

    synchronized double udp(String field) {
        refresh(false);
        return udp.getOrDefault(field, Double.NaN);
    }

    synchronized double udp6(String field) {
        refresh(false);
        return udp6.getOrDefault(field, Double.NaN);
    }

    /**
     * Reads both files again unless the last reading is still fresh; {@link #bindTo} forces the
     * first. Callers hold the lock.
     */
    private void refresh(boolean force) {
        long now = nanoClock.getAsLong();
        if (force || now - readAt >= FRESH_NANOS) {
            udp = readUdp(snmp);
            udp6 = readUdp6(snmp6);
            readAt = now;
        }
    }

    /** The "Udp:" table of /proc/net/snmp: a header line of names, then a line of values. Empty if unreadable. */
    static Map<String, Double> readUdp(Path file) {
        try {
            String[] lines = ProcText.lines(file);
            for (int i = 0; i + 1 < lines.length; i++) {
                if (lines[i].startsWith("Udp: ") && lines[i + 1].startsWith("Udp: ")) {
                    List<String> names = ProcText.fields(lines[i], 5);
                    List<String> values = ProcText.fields(lines[i + 1], 5);
                    Map<String, Double> m = new HashMap<>();
                    for (int k = 0; k < Math.min(names.size(), values.size()); k++) {
                        m.put(names.get(k), Double.parseDouble(values.get(k)));
                    }
                    return m;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc not mounted: the metric is simply absent.
        }
        return Map.of();
    }

    /** /proc/net/snmp6: one "name value" pair per line, only the Udp6 lines split; empty if unreadable. */
    static Map<String, Double> readUdp6(Path file) {
        try {
            Map<String, Double> m = new HashMap<>();
            for (String line : ProcText.lines(file)) {
                if (line.startsWith("Udp6")) {
                    List<String> f = ProcText.fields(line, 0);
                    if (f.size() == 2) {
                        m.put(f.get(0), Double.parseDouble(f.get(1)));
                    }
                }
            }
            return m;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
