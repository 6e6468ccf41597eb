package io.cjp2p.node.config;

import io.cjp2p.codec.PeerAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code --bootstrap} list: parsing and printing, and the public default. Which addresses may
 * be a peer at all is checked by {@link NodeConfig}.
 */
public final class Bootstrap {
    /**
     * The public nodes every other implementation starts from (PROTOCOL.md section 4.6). Tests and
     * benchmarks never use this list: they pass {@code --bootstrap none} or loopback peers.
     */
    public static final String DEFAULT_BOOTSTRAP =
            "148.71.89.128:24254,159.69.54.127:24254,[2a01:4f8:c013:5bc5::1]:24254,"
                    + "[2001:818:e876:f700:e008:c723:26f1:561f]:24254";

    private Bootstrap() {
    }

    /**
     * Parses {@code host:port,...}; {@code none} (or an empty string) gives an empty list. Literal
     * addresses are preferred; a host name is resolved once, here, at start-up.
     *
     * @throws IllegalArgumentException with a message fit for the operator
     */
    public static List<InetSocketAddress> parse(String spec) {
        List<InetSocketAddress> out = new ArrayList<>();
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return out;
        }
        for (String part : spec.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            InetSocketAddress literal = PeerAddress.parse(entry);
            if (literal != null) {
                out.add(literal);
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || entry.startsWith("[")) {
                throw new IllegalArgumentException("--bootstrap: entry '" + entry + "' is not host:port");
            }
            int port;
            try {
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--bootstrap: entry '" + entry + "' has no valid port");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--bootstrap: entry '" + entry + "': port must be in 1..65535");
            }
            try {
                out.add(new InetSocketAddress(PeerAddress.normalize(InetAddress.getByName(entry.substring(0, colon))), port));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--bootstrap: the host in '" + entry + "' does not resolve");
            }
        }
        return out;
    }

    /** The list as {@link #parse} takes it back: {@code host:port,...}, or {@code none}. */
    public static String format(List<InetSocketAddress> peers) {
        return peers.isEmpty() ? "none" : peers.stream().map(PeerAddress::format).collect(Collectors.joining(","));
    }
}
