package io.cjp2p.loadtest.eclipse;

import io.cjp2p.loadtest.cli.LoopbackHttp;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * One eclipse run.
 *
 * @param target      the node, on IPv4 loopback (the sources bind 127.x.y.z addresses)
 * @param durationS   seconds from the first datagram to the end, joining included
 * @param attackerIps attacker IPs spread over {@code groups} /16s
 * @param portsPerIp  attacker sources (ports) on each of those IPs
 * @param groups      /16 networks the attacker IPs are spread over
 * @param heavyPorts  sources on the attacker's one extra IP, 0 for none
 * @param honest      honest sources, each on its own /16
 * @param refreshS    seconds between a verified source's keep-alives
 * @param statusUrl   the node's {@code /status.json} on loopback, or {@code null}
 * @param progress    print a line every second (to stderr)
 */
public record EclipseSettings(InetSocketAddress target, int durationS, int attackerIps, int portsPerIp, int groups,
                              int heavyPorts, int honest, int refreshS, URI statusUrl, boolean progress) {
    /** Sockets are file descriptors: stay well under common limits. */
    public static final int MAX_SOURCES = 15_000;

    public EclipseSettings {
        if (!(target.getAddress() instanceof Inet4Address) || !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("--scenario eclipse needs an IPv4 loopback target");
        }
        if (durationS < 1 || durationS > 3600) {
            throw new IllegalArgumentException("--duration must be between 1 and 3600 seconds");
        }
        if (groups < 1 || groups > AddressPlan.MAX_GROUPS) {
            throw new IllegalArgumentException("--eclipse-groups must be between 1 and " + AddressPlan.MAX_GROUPS);
        }
        if (attackerIps < 0 || attackerIps > groups * AddressPlan.IPS_PER_GROUP) {
            throw new IllegalArgumentException("--eclipse-ips must be between 0 and " + AddressPlan.IPS_PER_GROUP
                    + " per group");
        }
        if (portsPerIp < 1 || portsPerIp > 1000) {
            throw new IllegalArgumentException("--eclipse-ports-per-ip must be between 1 and 1000");
        }
        if (heavyPorts < 0) {
            throw new IllegalArgumentException("--eclipse-heavy-ports must not be negative");
        }
        if (honest < 1 || honest > AddressPlan.MAX_HONEST) {
            throw new IllegalArgumentException("--eclipse-honest must be between 1 and " + AddressPlan.MAX_HONEST);
        }
        if ((long) attackerIps * portsPerIp + heavyPorts + honest > MAX_SOURCES) {
            throw new IllegalArgumentException("at most " + MAX_SOURCES + " sources (attacker and honest) in all");
        }
        if (attackerIps * portsPerIp + heavyPorts == 0) {
            throw new IllegalArgumentException("the attacker needs at least one source");
        }
        if (refreshS < 1 || refreshS > 600) {
            throw new IllegalArgumentException("--eclipse-refresh-s must be between 1 and 600");
        }
        if (statusUrl != null && !LoopbackHttp.allows(statusUrl)) {
            throw new IllegalArgumentException("--status-url must be an http URL on loopback, e.g. "
                    + "http://127.0.0.1:24255/status.json");
        }
    }

    /** Attacker sources in all: the spread IPs' ports plus the heavy IP's. */
    public int attackerSources() {
        return attackerIps * portsPerIp + heavyPorts;
    }
}
