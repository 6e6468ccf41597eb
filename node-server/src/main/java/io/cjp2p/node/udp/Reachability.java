package io.cjp2p.node.udp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Which addresses a UDP socket can send to, judged from the address it is bound to.
 *
 * <p>Why: a socket bound to an IPv4 address is an IPv4 socket and reaches only IPv4; one bound to
 * a particular IPv6 address reaches only IPv6; only the dual-stack wildcard {@code ::} reaches
 * both. A send to any other address fails in the kernel (EINVAL, EAFNOSUPPORT), and each failure
 * costs a logged exception. Gossip is not under our control, so without this check a node bound to
 * IPv4 would spend its probes, and its log, on every IPv6 address the swarm mentions.
 */
public final class Reachability {
    private Reachability() {
    }

    /**
     * True when a socket bound to {@code local} can send to {@code to}. An unbound socket
     * ({@code local} not an IP socket address) and an unresolved destination are given the
     * benefit of the doubt.
     */
    public static boolean reaches(SocketAddress local, InetSocketAddress to) {
        if (!(local instanceof InetSocketAddress bound) || bound.getAddress() == null || to.getAddress() == null) {
            return true;
        }
        InetAddress from = bound.getAddress();
        if (from instanceof Inet4Address) {
            return to.getAddress() instanceof Inet4Address;
        }
        return from.isAnyLocalAddress() || !(to.getAddress() instanceof Inet4Address);
    }
}
