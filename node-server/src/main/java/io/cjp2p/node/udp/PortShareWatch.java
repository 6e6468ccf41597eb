package io.cjp2p.node.udp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Counts the UDP sockets of this network namespace bound to our port that are not ours. With
 * {@code SO_REUSEPORT} on, any process of the same user can bind the port too and silently take a
 * share of its datagrams; the kernel tells nobody, but its socket tables show it.
 */
public final class PortShareWatch {
    private static final Logger LOG = LoggerFactory.getLogger(PortShareWatch.class);
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

    private final int port;
    private final int ours;
    private volatile int foreign;

    /** Watches {@code port}, of which {@code ours} sockets are the node's own. */
    public PortShareWatch(int port, int ours) {
        this.port = port;
        this.ours = ours;
    }

    /** Sockets on our port that are not ours, as of the last {@link #check()}. */
    public int foreign() {
        return foreign;
    }

    /** Reads the socket tables again; logs a warning when the count of foreign sockets changes. */
    public void check() {
        int found;
        try {
            found = Math.max(0, countBound(port) - ours);
        } catch (IOException e) {
            return; // not Linux, or /proc is hidden: nothing to watch
        }
        int before = foreign;
        foreign = found;
        if (found != before) {
            if (found > 0) {
                LOG.warn("{} other socket{} bound to udp port {} with SO_REUSEPORT: the kernel gives {} a share of "
                        + "our datagrams (another node of the same user?)", found, found == 1 ? " is" : "s are", port,
                        found == 1 ? "it" : "them");
            } else {
                LOG.info("no other socket is bound to udp port {} any more", port);
            }
        }
    }

    /** Rows of /proc/net/udp and udp6 whose local port is {@code port}. */
    static int countBound(int port) throws IOException {
        String suffix = ":" + String.format(Locale.ROOT, "%04X", port);
        int n = 0;
        for (Path table : TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                n += isBoundTo(line, suffix) ? 1 : 0;
            }
        }
        return n;
    }

    /** A row is "sl local_address rem_address ..."; local_address is HEXIP:HEXPORT. */
    static boolean isBoundTo(String row, String portSuffix) {
        String[] fields = row.trim().split("\\s+", 3);
        return fields.length >= 2 && fields[0].endsWith(":") && fields[1].endsWith(portSuffix);
    }
}
