package io.cjp2p.loadtest.eclipse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;

/**
 * Which loopback address each source binds, and so whose an address handed out by the node is.
 * Linux routes all of 127/8 to lo, so every 127.x.y.z can be bound and reached.
 *
 * <ul>
 *   <li>honest source {@code a}: 127.(1+a).0.1, each in its own /16;</li>
 *   <li>attacker IP {@code i}: in /16 number {@code i % groups} from 127.77.0.0/16 on;</li>
 *   <li>the attacker's heavy IP (one IP, many ports): 127.66.0.1;</li>
 *   <li>the scenario's fresh clients: 127.200.x.y (verified) and 127.201.x.y (unverified).</li>
 * </ul>
 */
final class AddressPlan {
    static final int MAX_HONEST = 60;
    static final int MAX_GROUPS = 100;
    /** Host addresses per attacker /16: 256 /24s of 254. */
    static final int IPS_PER_GROUP = 256 * 254;
    private static final int FIRST_GROUP = 77;
    private static final int HEAVY_NET = 66;
    private static final int VERIFIED_CLIENTS = 200;
    private static final int UNVERIFIED_CLIENTS = 201;

    private final int groups;
    private final Set<InetAddress> attacker = new HashSet<>();
    private final Set<InetAddress> honest = new HashSet<>();

    AddressPlan(int attackerIps, int groups, boolean heavy, int honestSources) {
        this.groups = groups;
        for (int i = 0; i < attackerIps; i++) {
            attacker.add(attackerIp(i));
        }
        if (heavy) {
            attacker.add(heavyIp());
        }
        for (int a = 0; a < honestSources; a++) {
            honest.add(honestIp(a));
        }
    }

    static AddressPlan of(EclipseSettings s) {
        return new AddressPlan(s.attackerIps(), s.groups(), s.heavyPorts() > 0, s.honest());
    }

    InetAddress attackerIp(int i) {
        int g = i % groups;
        int k = i / groups;
        return ip(FIRST_GROUP + g, k / 254, 1 + k % 254);
    }

    static InetAddress heavyIp() {
        return ip(HEAVY_NET, 0, 1);
    }

    static InetAddress honestIp(int a) {
        return ip(1 + a, 0, 1);
    }

    /** The {@code n}-th fresh client's address; a new one for each client, so each starts unknown to the node. */
    static InetAddress clientIp(boolean verified, int n) {
        int k = n % IPS_PER_GROUP;
        return ip(verified ? VERIFIED_CLIENTS : UNVERIFIED_CLIENTS, k / 254, 1 + k % 254);
    }

    Origin origin(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (attacker.contains(ip)) {
            return Origin.ATTACKER;
        }
        return honest.contains(ip) ? Origin.HONEST : Origin.OTHER;
    }

    /** The /24 an IPv4 address is in, as the node's per-prefix limit keys it. */
    static int prefix24(InetAddress ip) {
        byte[] b = ip.getAddress();
        return (b[0] & 0xff) << 16 | (b[1] & 0xff) << 8 | b[2] & 0xff;
    }

    private static InetAddress ip(int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
