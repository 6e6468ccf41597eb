package io.cjp2p.codec;

import io.netty.util.NetUtil;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The text form of a peer address on the wire: {@code a.b.c.d:port}, {@code [v6]:port} or
 * {@code [v6%scope]:port} with a numeric scope.
 *
 * <p>Parsing accepts literals only and never resolves a host name, so a {@code Peers} message can
 * never make the node do DNS. IPv4-mapped IPv6 addresses are turned into plain IPv4, as the Rust
 * node does, so one host has one key everywhere.
 */
public final class PeerAddress {
    private PeerAddress() {
    }

    /** The address, or {@code null} when the text is not a literal socket address with a port in 1..65535. */
    public static InetSocketAddress parse(String text) {
        if (text == null || text.length() < 3 || text.length() > 64) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        int port = parsePort(text, colon + 1);
        if (port <= 0) {
            return null;
        }
        String host;
        int scope = -1;
        if (text.charAt(0) == '[') {
            if (text.charAt(colon - 1) != ']') {
                return null;
            }
            host = text.substring(1, colon - 1);
            int percent = host.indexOf('%');
            if (percent >= 0) {
                scope = parseScope(host, percent + 1);
                if (scope < 0) {
                    return null;
                }
                host = host.substring(0, percent);
            }
            // Netty also accepts a bracketed literal here; "[[::1]]:5" is not a socket address.
            if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0 || !NetUtil.isValidIpV6Address(host)) {
                return null;
            }
        } else {
            host = text.substring(0, colon);
            if (!NetUtil.isValidIpV4Address(host)) {
                return null;
            }
        }
        // createByteArrayFromIpAddressString would turn IPv4-compatible ::a.b.c.d into IPv4-mapped,
        // hence into a.b.c.d; only ::ffff:a.b.c.d may become IPv4 (see normalize).
        // The JDK keeps ::a.b.c.d as IPv6 and, given brackets, only ever parses a literal (no DNS).
        byte[] raw;
        try {
            raw = text.charAt(0) == '['
                    ? InetAddress.getByName('[' + host + ']').getAddress()
                    : NetUtil.createByteArrayFromIpAddressString(host);
        } catch (UnknownHostException e) {
            return null;
        }
        if (raw == null) {
            return null;
        }
        try {
            InetAddress address = scope >= 0 && raw.length == 16
                    ? Inet6Address.getByAddress(null, raw, scope)
                    : InetAddress.getByAddress(raw);
            return new InetSocketAddress(normalize(address), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The canonical wire text: dotted quad, or RFC 5952 IPv6 in brackets, then {@code :port}. */
    public static String format(InetSocketAddress address) {
        InetAddress ip = normalize(address.getAddress());
        if (ip instanceof Inet6Address v6) {
            String text = NetUtil.toAddressString(v6, false);
            int scope = v6.getScopeId();
            return '[' + (scope != 0 ? text + '%' + scope : text) + "]:" + address.getPort();
        }
        return ip.getHostAddress() + ':' + address.getPort();
    }

    /** Turns {@code ::ffff:a.b.c.d} into {@code a.b.c.d}; every other address is returned as is. */
    public static InetAddress normalize(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] raw = address.getAddress();
            if (isV4Mapped(raw)) {
                try {
                    return InetAddress.getByAddress(new byte[] {raw[12], raw[13], raw[14], raw[15]});
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return address;
    }

    /** The same socket address with its IP normalised (see {@link #normalize(InetAddress)}). */
    public static InetSocketAddress normalize(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet4Address) {
            return address;
        }
        InetAddress n = normalize(ip);
        return n == ip ? address : new InetSocketAddress(n, address.getPort());
    }

    private static boolean isV4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    private static int parsePort(String text, int from) {
        int len = text.length() - from;
        if (len < 1 || len > 5) {
            return -1;
        }
        int port = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535 ? port : -1;
    }

    private static int parseScope(String host, int from) {
        int len = host.length() - from;
        if (len < 1 || len > 9) {
            return -1;
        }
        int scope = 0;
        for (int i = from; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            scope = scope * 10 + (c - '0');
        }
        return scope;
    }
}
