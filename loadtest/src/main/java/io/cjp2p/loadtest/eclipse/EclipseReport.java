package io.cjp2p.loadtest.eclipse;

import java.util.Locale;

/**
 * The result of one eclipse run. Shares are fractions in [0, 1]; a share over no entries is 0.
 *
 * @param attackStartS  when the attacker's sources started, after the honest ones (-1: never)
 * @param heavyVerified sources of the attacker's heavy IP (one IP, many ports) that got verified
 * @param table         what the node's status page said, {@code null} without {@code --status-url}
 */
public record EclipseReport(String target, double seconds, double attackStartS, Layout layout, Sources attacker,
                            int heavyVerified, Sources honest, Traffic traffic, VerifiedHandouts verified,
                            UnverifiedHandouts unverified, Table table) {

    /** How the attacker spread its sources. */
    public record Layout(int ips, int portsPerIp, int groups, int heavyPorts) {
    }

    /**
     * @param verified answered by the node as verified peers
     * @param held     of those, the node held an entry for at their last keep-alive (or probed them)
     * @param dropped  of those, the node answered their last keep-alive without holding them
     */
    public record Sources(int sources, int verified, int held, int dropped) {
    }

    /**
     * Datagrams of the attacker's and honest sources (not of the observers): {@code requests} are
     * the joins and keep-alives, of which {@code answered} got an answer ({@code late}: after the
     * next had gone).
     */
    public record Traffic(long sent, long requests, long answered, long late, long probesAnswered, long other) {
        public long unanswered() {
            return requests - answered;
        }
    }

    /**
     * Full Peers replies to fresh verified clients.
     *
     * @param samples   handouts received
     * @param missed    fresh clients that got none
     * @param honestSeen distinct honest sources that appeared in any of them
     */
    public record VerifiedHandouts(int samples, int missed, double peersPerHandout, double attackerMean,
                                   double attackerMax, double attackerLast, double honestMean, int honestSeen) {
    }

    /** The one peer handed to each fresh unverified client; {@code none}: no answer or an empty list. */
    public record UnverifiedHandouts(long attacker, long honest, long other, long none) {
        public long asked() {
            return attacker + honest + other + none;
        }

        /** Of the picks that named a peer, the attacker's. */
        public double attackerShare() {
            return ShareSeries.share(attacker, attacker + honest + other);
        }
    }

    /**
     * The node's status page: {@code activeAttacker*} is the attacker's share of the active_peers
     * listed, {@code attacker*} the attacker sources held (by their own account) over total_peers.
     *
     * @param totalPeers the last total_peers read, -1 when none was
     */
    public record Table(int samples, int failures, int totalPeers, int activePeers, double activeAttackerMean,
                        double activeAttackerLast, double attackerMean, double attackerLast) {
    }

    public String text() {
        String heavy = layout.heavyPorts == 0 ? ""
                : String.format(Locale.ROOT, ", 1 IP x %d ports", layout.heavyPorts);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, """
                scenario eclipse -> %s, %.1f s, attacker from %.1f s on
                  attacker    %d sources (%d IPs x %d ports in %d /16%s): %d verified%s, %d held, %d dropped
                  honest      %d sources, each in its own /16: %d verified, %d held, %d dropped
                  traffic     %,d datagrams sent, %,d requests: %,d answered (%,d late), %,d not; \
                %,d node probes answered, %,d other
                  verified handouts    %d (%d missed), %.1f peers each: attacker share mean %.3f max %.3f last %.3f, \
                honest share mean %.3f; honest sources seen %d of %d
                  unverified handouts  %d: attacker %d, honest %d, other %d, none %d; attacker share %.3f""",
                target, seconds, attackStartS, attacker.sources, layout.ips, layout.portsPerIp, layout.groups, heavy,
                attacker.verified, layout.heavyPorts == 0 ? ""
                        : String.format(Locale.ROOT, " (heavy IP %d of %d)", heavyVerified, layout.heavyPorts),
                attacker.held, attacker.dropped, honest.sources, honest.verified, honest.held, honest.dropped,
                traffic.sent, traffic.requests, traffic.answered, traffic.late, traffic.unanswered(),
                traffic.probesAnswered, traffic.other, verified.samples, verified.missed, verified.peersPerHandout,
                verified.attackerMean, verified.attackerMax, verified.attackerLast, verified.honestMean,
                verified.honestSeen, honest.sources,
                unverified.asked(), unverified.attacker, unverified.honest, unverified.other, unverified.none,
                unverified.attackerShare()));
        if (table != null) {
            b.append(String.format(Locale.ROOT, "%n  node table  %d reads (%d failed): total_peers %d, "
                            + "active_peers %d; attacker share of active_peers mean %.3f last %.3f, "
                            + "attacker held / total_peers mean %.3f last %.3f", table.samples, table.failures,
                    table.totalPeers, table.activePeers, table.activeAttackerMean, table.activeAttackerLast, table.attackerMean, table.attackerLast));
        }
        return b.toString();
    }

    /** One line of JSON, flat, for scripts; the table_ fields are absent without a status URL. */
    public String json() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "{\"scenario\":\"eclipse\",\"target\":\"%s\","
                        + "\"seconds\":%.3f,\"attack_start_s\":%.3f,\"attacker_ips\":%d,\"attacker_ports_per_ip\":%d,"
                        + "\"attacker_groups\":%d,"
                        + "\"attacker_heavy_ports\":%d,\"attacker_sources\":%d,\"attacker_verified\":%d,"
                        + "\"attacker_heavy_verified\":%d,\"attacker_held\":%d,\"attacker_dropped\":%d,"
                        + "\"honest_sources\":%d,\"honest_verified\":%d,\"honest_held\":%d,\"honest_dropped\":%d,"
                        + "\"sent\":%d,\"requests\":%d,\"answered\":%d,\"late\":%d,\"unanswered\":%d,"
                        + "\"probes_answered\":%d,\"other\":%d,"
                        + "\"verified_handouts\":%d,\"verified_missed\":%d,\"peers_per_handout\":%.2f,"
                        + "\"verified_attacker_share_mean\":%.4f,\"verified_attacker_share_max\":%.4f,"
                        + "\"verified_attacker_share_last\":%.4f,\"verified_honest_share_mean\":%.4f,"
                        + "\"honest_seen\":%d,\"unverified_asked\":%d,\"unverified_attacker\":%d,"
                        + "\"unverified_honest\":%d,\"unverified_other\":%d,\"unverified_none\":%d,"
                        + "\"unverified_attacker_share\":%.4f",
                target, seconds, attackStartS, layout.ips, layout.portsPerIp, layout.groups, layout.heavyPorts,
                attacker.sources, attacker.verified, heavyVerified, attacker.held, attacker.dropped, honest.sources,
                honest.verified,
                honest.held, honest.dropped, traffic.sent, traffic.requests, traffic.answered, traffic.late,
                traffic.unanswered(), traffic.probesAnswered, traffic.other, verified.samples, verified.missed,
                verified.peersPerHandout, verified.attackerMean, verified.attackerMax, verified.attackerLast,
                verified.honestMean, verified.honestSeen,
                unverified.asked(), unverified.attacker, unverified.honest, unverified.other, unverified.none,
                unverified.attackerShare()));
        if (table != null) {
            b.append(String.format(Locale.ROOT, ",\"table_reads\":%d,\"table_failures\":%d,\"table_total_peers\":%d,"
                            + "\"table_active_peers\":%d,\"table_active_attacker_share_mean\":%.4f,"
                            + "\"table_active_attacker_share_last\":%.4f,\"table_attacker_share_mean\":%.4f,"
                            + "\"table_attacker_share_last\":%.4f", table.samples, table.failures, table.totalPeers,
                    table.activePeers, table.activeAttackerMean, table.activeAttackerLast, table.attackerMean,
                    table.attackerLast));
        }
        return b.append('}').toString();
    }
}
