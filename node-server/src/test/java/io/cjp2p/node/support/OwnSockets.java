package io.cjp2p.node.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * This process's UDP sockets on a port, as the kernel lists them in {@code /proc/net/udp} or
 * {@code /proc/net/udp6}. The tables list every process's sockets, and other tests on a shared
 * machine bind the same port numbers on other addresses; the inode column says whose a socket is.
 */
public final class OwnSockets {
    private OwnSockets() {
    }

    /** One row: local and remote address as HEXIP:HEXPORT, state, the receive queue and drops. */
    public record Row(String local, String remote, String state, long receiveQueue, long drops) {
        /** Whether the socket is connected (state 01, ESTABLISHED). */
        public boolean connected() {
            return state.equals("01");
        }
    }

    /** Whether this machine has the socket tables. */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/net/udp")) && Files.isReadable(Path.of("/proc/net/udp6"));
    }

    /** This process's sockets in {@code table} ({@code udp} or {@code udp6}) bound to local port {@code port}. */
    public static List<Row> on(String table, int port) throws IOException {
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        Set<String> ours = inodes();
        return Files.readAllLines(Path.of("/proc/net", table)).stream().skip(1).map(l -> l.trim().split("\\s+"))
                .filter(f -> f[1].endsWith(suffix) && ours.contains(f[9]))
                .map(f -> new Row(f[1], f[2], f[3], Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16),
                        Long.parseLong(f[12])))
                .toList();
    }

    /** The inodes of the sockets this process holds open ({@code /proc/self/fd/N -> socket:[inode]}). */
    private static Set<String> inodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while we looked (the directory stream's own descriptor among them)
                }
            }
        }
        return inodes;
    }
}
