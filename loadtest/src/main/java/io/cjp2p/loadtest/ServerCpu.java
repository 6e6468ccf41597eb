package io.cjp2p.loadtest;

/**
 * CPU time (user + system) of the server process under test, as the JDK reports it for any
 * process it can see ({@link ProcessHandle.Info#totalCpuDuration()}; on Linux that works for
 * another user's process too, unless /proc is mounted with {@code hidepid}).
 */
final class ServerCpu {
    private ServerCpu() {
    }

    /** Seconds of CPU the process has used, or -1 when it cannot be read. */
    static double seconds(long pid) {
        if (pid <= 0) {
            return -1;
        }
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e9)
                .orElse(-1.0);
    }
}
