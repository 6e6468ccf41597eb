package io.cjp2p.node.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Addresses that name no single host: multicast, broadcast and the unspecified address. A node
 * bound to one never gets an answer, and a bootstrap peer at one is nobody (or everybody).
 *
 * <p>Broadcast means 255.255.255.255 and the broadcast addresses of this machine's interfaces;
 * other subnets' broadcast addresses cannot be told from a host's, so none is guessed.
 */
public final class NonUnicast {
    private static final byte[] LIMITED_BROADCAST = {-1, -1, -1, -1};

    private NonUnicast() {
    }

    /** What kind of address {@code ip} is when it is no unicast address ("a multicast address"), else null. */
    public static String kind(InetAddress ip) {
        if (ip.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (ip.isMulticastAddress()) {
            return "a multicast address";
        }
        if (ip instanceof Inet4Address && Arrays.equals(ip.getAddress(), LIMITED_BROADCAST)) {
            return "the broadcast address";
        }
        if (LocalBroadcasts.ADDRESSES.contains(ip)) {
            return "the broadcast address of a local network";
        }
        return null;
    }

    /** The interfaces' broadcast addresses, read once: start-up is the only time they are asked for. */
    private static final class LocalBroadcasts {
        static final Set<InetAddress> ADDRESSES = read();

        private static Set<InetAddress> read() {
            Set<InetAddress> out = new HashSet<>();
            try {
                for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                        if (a.getBroadcast() != null) {
                            out.add(a.getBroadcast());
                        }
                    }
                }
            } catch (SocketException e) {
                // no interface list: only the limited broadcast address is known
            }
            return Set.copyOf(out);
        }
    }
}
