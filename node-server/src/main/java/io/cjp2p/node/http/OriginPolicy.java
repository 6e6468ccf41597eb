package io.cjp2p.node.http;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser pages may open the bridge, by their {@code Origin}: pages served from a loopback
 * host ({@code http://localhost}, {@code http://127.x.x.x}, {@code http://[::1]}, any port), plus
 * the origins the operator lists. Any other page the user happens to open must not drive the
 * node, and a browser always says where a page came from; a client that sends no {@code Origin}
 * is no browser page and is let in (it is on loopback already).
 */
final class OriginPolicy {
    private final Set<String> extra = new HashSet<>();

    /** @param extra origins let in besides loopback pages, as a browser writes them ({@code https://app.example}) */
    OriginPolicy(List<String> extra) {
        for (String o : extra) {
            this.extra.add(normalize(o));
        }
    }

    /** Whether a request with this {@code Origin} header value (null: none) may open the bridge. */
    boolean allows(String origin) {
        if (origin == null) {
            return true;
        }
        String o = normalize(origin);
        return extra.contains(o) || isLoopbackPage(o);
    }

    private static String normalize(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    /** {@code http://} + a loopback host + an optional port, and nothing else. */
    static boolean isLoopbackPage(String origin) {
        if (!origin.startsWith("http://")) {
            return false;
        }
        String hostPort = origin.substring("http://".length());
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return false;
            }
            host = hostPort.substring(0, close + 1);
            port = hostPort.substring(close + 1);
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? "" : hostPort.substring(colon);
        }
        if (!port.isEmpty() && !isPort(port.substring(1))) {
            return false; // also refuses a path, userinfo or anything else after the host
        }
        return host.equals("localhost") || host.equals("[::1]") || isLoopbackIpv4(host);
    }

    private static boolean isPort(String digits) {
        if (digits.isEmpty() || digits.length() > 5) {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(digits) <= 65_535;
    }

    /** A dotted quad 127.a.b.c, each part 0..255 in plain decimal. */
    private static boolean isLoopbackIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (part.charAt(i) < '0' || part.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
