package io.cjp2p.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A list of CPU numbers in the kernel's notation ({@code 1}, {@code 0,2}, {@code 2-3},
 * {@code 0-1,4}), as {@code taskset -c} takes it and {@code Cpus_allowed_list} in
 * {@code /proc/PID/status} prints it. The order is ascending and each CPU appears once.
 *
 * @param cpus the CPU numbers, ascending, without repeats; empty for none
 */
public record CpuList(List<Integer> cpus) {
    /** The CPUs a Linux {@code cpu_set_t} can name (CPU_SETSIZE). */
    public static final int MAX_CPUS = 1024;

    public static final CpuList NONE = new CpuList(List.of());

    public CpuList {
        cpus = List.copyOf(cpus);
        for (int i = 0; i < cpus.size(); i++) {
            int cpu = requireCpu(cpus.get(i));
            if (i > 0 && cpu <= cpus.get(i - 1)) {
                throw new IllegalArgumentException("CPUs must be ascending and distinct: " + cpus);
            }
        }
    }

    /**
     * Parses {@code 0-1,4}: comma-separated CPU numbers or inclusive ranges.
     *
     * @throws IllegalArgumentException with a message a user can act on
     */
    public static CpuList parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("no CPU given (e.g. 1, 0,2 or 2-3)");
        }
        TreeSet<Integer> set = new TreeSet<>();
        for (String part : s.split(",", -1)) {
            int dash = part.indexOf('-');
            int first = number(part.substring(0, dash < 0 ? part.length() : dash), text);
            int last = dash < 0 ? first : number(part.substring(dash + 1), text);
            if (last < first) {
                throw new IllegalArgumentException("range '" + part + "' runs backwards");
            }
            for (int cpu = first; cpu <= last; cpu++) {
                set.add(cpu);
            }
        }
        return new CpuList(new ArrayList<>(set));
    }

    private static int number(String digits, String whole) {
        if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + whole + "' is not a CPU list (e.g. 1, 0,2 or 2-3)");
        }
        return Integer.parseInt(digits); // the record checks the range
    }

    /**
     * {@code cpu} itself when a {@code cpu_set_t} can name it.
     *
     * @throws IllegalArgumentException when it is outside 0..{@link #MAX_CPUS}-1
     */
    public static int requireCpu(int cpu) {
        if (cpu < 0 || cpu >= MAX_CPUS) {
            throw new IllegalArgumentException("CPU " + cpu + " is outside 0.." + (MAX_CPUS - 1));
        }
        return cpu;
    }

    public boolean isEmpty() {
        return cpus.isEmpty();
    }

    /** The CPU for event loop {@code i}: the list is used round robin when there are more loops than CPUs. */
    public int forLoop(int i) {
        return cpus.get(i % cpus.size());
    }

    /** Whether every CPU of this list is also in {@code other}. */
    public boolean isWithin(CpuList other) {
        return other.cpus.containsAll(cpus);
    }

    /** Back in the kernel's notation, with ranges: {@code 0-1,4}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cpus.size(); ) {
            int j = i;
            while (j + 1 < cpus.size() && cpus.get(j + 1) == cpus.get(j) + 1) {
                j++;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(cpus.get(i));
            if (j > i) {
                b.append('-').append(cpus.get(j));
            }
            i = j + 1;
        }
        return b.toString();
    }
}
