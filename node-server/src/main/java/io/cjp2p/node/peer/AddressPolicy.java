package io.cjp2p.node.peer;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Classifies addresses: which may be handed to whom, and which are never a real peer. */
public final class AddressPolicy {
    private AddressPolicy() {
    }

    /**
     * True for addresses reachable across the Internet. Loopback, private (RFC 1918, ULA),
     * link-local, CGNAT, documentation and special ranges are not: we never hand those to a
     * public requester, who could not reach them and might end up probing someone's LAN.
     */
    public static boolean isPublic(InetAddress ip) {
        if (ip.isLoopbackAddress() || ip.isAnyLocalAddress() || ip.isLinkLocalAddress()
                || ip.isSiteLocalAddress() || ip.isMulticastAddress()) {
            return false;
        }
        byte[] b = ip.getAddress();
        if (ip instanceof Inet4Address) {
            int a0 = b[0] & 255;
            int a1 = b[1] & 255;
            int a2 = b[2] & 255;
            return a0 != 0
                    && !(a0 == 100 && (a1 & 0xc0) == 64)        // 100.64.0.0/10 CGNAT
                    && !(a0 == 192 && a1 == 0 && a2 == 2)       // 192.0.2.0/24 TEST-NET-1
                    && !(a0 == 198 && a1 == 51 && a2 == 100)    // 198.51.100.0/24 TEST-NET-2
                    && !(a0 == 203 && a1 == 0 && a2 == 113)     // 203.0.113.0/24 TEST-NET-3
                    && !(a0 == 198 && (a1 & 0xfe) == 18)        // 198.18.0.0/15 benchmarking
                    && !(a0 == 192 && a1 == 0 && a2 == 0)       // 192.0.0.0/24 IETF
                    && a0 < 240;                                // 240/4 reserved, broadcast
        }
        if (ip instanceof Inet6Address) {
            int a0 = b[0] & 255;
            return (a0 & 0xfe) != 0xfc                          // fc00::/7 ULA
                    && !(a0 == 0x20 && (b[1] & 255) == 0x01 && (b[2] & 255) == 0x0d && (b[3] & 255) == 0xb8) // 2001:db8::/32
                    && (a0 & 0xe0) == 0x20;                     // only 2000::/3 is global unicast
        }
        return false;
    }

    /**
     * True for sources no datagram can honestly come from: port 0, multicast, broadcast and the
     * unspecified address. Datagrams from them are refused before decoding.
     */
    public static boolean isNonsenseSource(InetSocketAddress source) {
        InetAddress ip = source.getAddress();
        if (source.getPort() == 0 || ip == null || ip.isAnyLocalAddress() || ip.isMulticastAddress()) {
            return true;
        }
        // 255.255.255.255; hashCode() is the IPv4 address itself, read without getAddress()'s copy
        return ip instanceof Inet4Address && ip.hashCode() == -1;
    }

    /**
     * True for addresses that are never one peer's unicast address, whoever asks: unspecified and
     * "this network" (0.0.0.0/8), multicast, limited broadcast and the rest of 240/4, the network and
     * broadcast addresses of 127.0.0.0/8 (the kernel refuses to send to those: EACCES), and the
     * documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32). Gossip naming
     * them is ignored. The directed broadcast address of a remote network cannot be told from a
     * host without its netmask, so only loopback's are known here.
     */
    public static boolean isSpecialUse(InetAddress ip) {
        if (ip.isAnyLocalAddress() || ip.isMulticastAddress()) {
            return true;
        }
        if (ip instanceof Inet4Address) {
            int v4 = ip.hashCode(); // the address itself (JDK-defined), without the copy getAddress() makes
            int a0 = v4 >>> 24;
            return a0 == 0 || a0 >= 224                          // 0/8; 224/4, 240/4, 255.255.255.255
                    || v4 == 0x7f000000 || v4 == 0x7fffffff      // 127/8's network and broadcast addresses
                    || v4 >>> 8 == 0xc00002                      // 192.0.2/24 TEST-NET-1
                    || v4 >>> 8 == 0xc63364                      // 198.51.100/24 TEST-NET-2
                    || v4 >>> 8 == 0xcb0071;                     // 203.0.113/24 TEST-NET-3
        }
        byte[] b = ip.getAddress();
        return (b[0] & 255) == 0x20 && (b[1] & 255) == 0x01 && (b[2] & 255) == 0x0d && (b[3] & 255) == 0xb8; // 2001:db8::/32
    }

    /** Whether gossip naming {@code a} can name a peer at all: a sendable, non-special unicast address and port. */
    public static boolean mayBePeer(InetSocketAddress a) {
        return !isNonsenseSource(a) && !isSpecialUse(a.getAddress());
    }
}
