package io.cjp2p.node.udp;

import io.cjp2p.node.config.CpuList;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An IPv4 address gets an IPv4 socket, anything else the dual-stack IPv6 one, on both transports.
 * The kernel lists every UDP socket in the table of its family, {@code /proc/net/udp} or
 * {@code /proc/net/udp6}, so that is where the test looks.
 */
class TransportFamilyTest {
    @BeforeAll
    static void linuxOnly() {
        assumeTrue(Files.isReadable(Path.of("/proc/net/udp")) && Files.isReadable(Path.of("/proc/net/udp6")),
                "the socket tables are Linux's");
    }

    /**
     * How many of this process's sockets in {@code table} are bound to local port {@code port}. The
     * tables list every process's sockets, and other tests on a shared machine bind the same port
     * numbers on other addresses; the inode column says whose a socket is.
     */
    private static long boundIn(String table, int port) throws Exception {
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        Set<String> ours = ourSocketInodes();
        List<String> lines = Files.readAllLines(Path.of("/proc/net", table));
        return lines.stream().skip(1).map(l -> l.trim().split("\\s+"))
                .filter(f -> f[1].endsWith(suffix) && ours.contains(f[9])).count();
    }

    /** The inodes of the sockets this process holds open ({@code /proc/self/fd/N -> socket:[inode]}). */
    private static Set<String> ourSocketInodes() throws Exception {
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

    @ParameterizedTest(name = "{0} on {1}, native {2}")
    @CsvSource({
            "127.0.0.1, udp, true", "127.0.0.1, udp, false",
            "::1, udp6, true", "::1, udp6, false",
            "::, udp6, true"})
    void theSocketIsOfTheAddressFamily(String address, String table, boolean preferNative) throws Exception {
        try (Transport t = Transport.bind(InetAddress.getByName(address), 0, 1, preferNative, CpuList.NONE, Duration.ZERO,
                new ChannelInboundHandlerAdapter())) { // one socket, so the handler need not be sharable
            int port = t.localAddress().getPort();
            assertEquals(1, boundIn(table, port), address + " in /proc/net/" + table);
            assertEquals(0, boundIn(table.equals("udp") ? "udp6" : "udp", port), address + " in the other table");
        }
    }
}
