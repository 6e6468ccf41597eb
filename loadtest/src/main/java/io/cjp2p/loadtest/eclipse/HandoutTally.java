package io.cjp2p.loadtest.eclipse;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the scenario's observers saw: the verified handouts (full Peers replies), the unverified
 * picks (one peer each) and the node's status page, each address classified by {@link AddressPlan}.
 * Used by one thread.
 */
final class HandoutTally {
    private final AddressPlan plan;

    final ShareSeries verifiedAttacker = new ShareSeries();
    final ShareSeries verifiedHonest = new ShareSeries();
    private long verifiedEntries;
    private int verifiedMissed;
    private final Set<InetSocketAddress> honestSeen = new HashSet<>();

    private long picksAttacker;
    private long picksHonest;
    private long picksOther;
    private long picksNone;

    final ShareSeries activeAttacker = new ShareSeries();
    final ShareSeries tableAttacker = new ShareSeries();
    private int statusFailures;
    private int totalPeers = -1;
    private int activePeers = -1;

    HandoutTally(AddressPlan plan) {
        this.plan = plan;
    }

    /** A fresh verified client's Peers reply. */
    OriginCounts verifiedHandout(List<InetSocketAddress> peers) {
        OriginCounts c = OriginCounts.of(plan, peers);
        verifiedAttacker.add(c.attacker(), c.total());
        verifiedHonest.add(c.honest(), c.total());
        verifiedEntries += c.total();
        for (InetSocketAddress p : peers) {
            if (plan.origin(p) == Origin.HONEST) {
                honestSeen.add(p);
            }
        }
        return c;
    }

    /** A fresh verified client got no verified Peers reply (no cookie, no answer, or not accepted). */
    void verifiedMissed() {
        verifiedMissed++;
    }

    /** A fresh unverified client's Peers reply; {@code null} for no reply or an empty list. */
    void unverifiedPick(InetSocketAddress pick) {
        if (pick == null) {
            picksNone++;
            return;
        }
        switch (plan.origin(pick)) {
            case ATTACKER -> picksAttacker++;
            case HONEST -> picksHonest++;
            case OTHER -> picksOther++;
        }
    }

    /**
     * The node's status page: {@code active} is its active_peers list; {@code attackerHeld} is how
     * many attacker sources the node holds by their own account, which estimates the attacker's
     * share of the whole table (total_peers), not only of the measured peers listed as active.
     */
    void status(int total, List<InetSocketAddress> active, int attackerHeld) {
        OriginCounts c = OriginCounts.of(plan, active);
        activeAttacker.add(c.attacker(), c.total());
        tableAttacker.add(Math.min(attackerHeld, total), total);
        totalPeers = total;
        activePeers = active.size();
    }

    void statusFailed() {
        statusFailures++;
    }

    EclipseReport.VerifiedHandouts verifiedFigures() {
        int samples = verifiedAttacker.samples() + verifiedAttacker.empty();
        return new EclipseReport.VerifiedHandouts(samples, verifiedMissed,
                samples == 0 ? 0 : (double) verifiedEntries / samples, verifiedAttacker.mean(), verifiedAttacker.max(),
                verifiedAttacker.last(), verifiedHonest.mean(), honestSeen.size());
    }

    EclipseReport.UnverifiedHandouts unverifiedFigures() {
        return new EclipseReport.UnverifiedHandouts(picksAttacker, picksHonest, picksOther, picksNone);
    }

    EclipseReport.Table tableFigures() {
        return new EclipseReport.Table(tableAttacker.samples() + tableAttacker.empty(), statusFailures, totalPeers,
                activePeers, activeAttacker.mean(), activeAttacker.last(), tableAttacker.mean(), tableAttacker.last());
    }
}
