package io.cjp2p.node.maintenance;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.dispatch.FirstContacts;
import io.cjp2p.node.dispatch.IdentityServices;
import io.cjp2p.node.dispatch.GossipIntake;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.ProbeBackoff;
import io.cjp2p.node.peer.RememberedPeers;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.pipeline.OutboundDatagram;
import io.cjp2p.node.udp.Reachability;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node's periodic work, on one event loop: age the peer table out, refresh the list handed out
 * in Peers, ask a few known peers for peers (measuring their RTT on the way; a silent one less and
 * less often, see {@link ProbeBackoff}), probe the peers of our last run until they answer again,
 * send unverified askers a round-trip nonce and a few gossiped candidates our cookie, and go back to
 * the bootstrap list while we know few peers.
 *
 * <p>The per-tick numbers are small on purpose: a bootstrap node with thousands of peers should
 * probe each of them far less often than a Rust node probes its handful.
 */
public final class Maintenance implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    /** Known peers asked for peers per tick. */
    static final int PEER_PROBES_PER_TICK = 4;
    /**
     * Peers drawn per tick to choose those probes from: some of them may be silent peers still
     * waiting out their backoff, and they must not take the others' turn.
     */
    static final int PEER_PROBE_SAMPLE = 4 * PEER_PROBES_PER_TICK;
    /**
     * Peers of the last run probed per tick (see {@link RememberedPeers}): they answered us before, so
     * a restarted node gets its table back within a tick or two, and 10 000 of them within six minutes.
     */
    static final int REMEMBERED_PROBES_PER_TICK = 32;
    /** Gossiped candidates probed per tick. */
    static final int CANDIDATE_PROBES_PER_TICK = 4;
    /** Unverified askers sent a first contact per tick, at most ({@link FirstContacts} bounds them by rate). */
    static final int ASKER_CONTACTS_PER_TICK = 16;
    /** Below this many peers the bootstrap list is contacted again. */
    static final int LONELY = 8;
    /** While lonely, the bootstrap list is contacted every this many ticks. */
    static final int BOOTSTRAP_EVERY_TICKS = 10;

    private final Channel channel;
    private final PeerTable peers;
    private final CandidateSet candidates;
    private final CookieValidator cookies;
    private final RoundTripProbes probes;
    private final ProbeBackoff backoff;
    private final NodeConfig config;
    /**
     * The configured bootstrap peers our socket can reach. Judged once: a socket bound to one
     * address family can never send to the other (see {@link Reachability}). Gossip is filtered the
     * same way where it is learned, and peers are verified senders, so nothing else needs the check.
     */
    private final List<InetSocketAddress> bootstrap;
    private long ticks;
    private ScheduledFuture<?> tickTask;
    private ScheduledFuture<?> rotationTask;
    /** Our key, announced in every probe, and the identity state to keep; {@code null} until set. */
    private IdentityServices identity;
    /** Unverified askers to contact; {@code null} until set. */
    private FirstContacts firstContacts;

    public Maintenance(Channel channel, PeerTable peers, CandidateSet candidates, CookieValidator cookies,
                       RoundTripProbes probes, NodeConfig config) {
        this.channel = channel;
        this.peers = peers;
        this.candidates = candidates;
        this.cookies = cookies;
        this.probes = probes;
        this.backoff = new ProbeBackoff(config.tick().toNanos());
        this.config = config;
        this.bootstrap = config.bootstrap().stream()
                .filter(b -> Reachability.reaches(channel.localAddress(), b)).toList();
    }

    /** Sends unverified askers their first contact (a round-trip nonce). */
    public void firstContacts(FirstContacts firstContacts) {
        this.firstContacts = firstContacts;
    }

    /** Announces our key in probes (as Rust does) and keeps the key directory and held sends tidy. */
    public void identity(IdentityServices identity) {
        this.identity = identity;
    }

    /** Configured bootstrap peers of the other address family, which are never contacted. */
    public int unreachableBootstrap() {
        return config.bootstrap().size() - bootstrap.size();
    }

    public void start() {
        long tick = config.tick().toNanos();
        tickTask = channel.eventLoop().scheduleWithFixedDelay(this, 50_000_000L, tick, TimeUnit.NANOSECONDS);
        long rotation = config.cookieRotation().toNanos();
        rotationTask = channel.eventLoop().scheduleAtFixedRate(cookies::rotate, rotation, rotation, TimeUnit.NANOSECONDS);
    }

    public void stop() {
        if (tickTask != null) {
            tickTask.cancel(false);
        }
        if (rotationTask != null) {
            rotationTask.cancel(false);
        }
    }

    @Override
    public void run() {
        try {
            tick(System.nanoTime());
        } catch (RuntimeException e) {
            LOG.warn("maintenance tick failed", e);
        }
    }

    void tick(long now) {
        ticks++;
        int expired = peers.expire(now, config.peerTtl().toNanos());
        if (expired > 0) {
            LOG.debug("forgot {} silent peers", expired);
        }
        candidates.prune(now);
        peers.rebuildHandout(now, config.handoutWindow().toNanos());
        if (identity != null) {
            identity.tick(now);
        }

        if (peers.size() < LONELY && ticks % BOOTSTRAP_EVERY_TICKS == 1) {
            for (InetSocketAddress b : bootstrap) {
                if (!peers.contains(b)) {
                    send(b, fullContact(b, now));
                }
            }
        }
        for (InetSocketAddress r : peers.remembered().takeForProbe(REMEMBERED_PROBES_PER_TICK, now, backoff)) {
            if (!peers.contains(r)) {
                send(r, fullContact(r, now));
            }
        }
        if (firstContacts != null) {
            for (InetSocketAddress a : firstContacts.take(ASKER_CONTACTS_PER_TICK)) {
                // The probe history is the gossip candidates': an address gets one or the other.
                if (!peers.contains(a) && candidates.tryProbe(a, now)) {
                    List<Message> m = new ArrayList<>(1);
                    m.add(new PleaseReturnThisMessage(probes.issue(a, now)));
                    send(a, m);
                }
            }
        }
        for (InetSocketAddress c : candidates.takeForProbe(CANDIDATE_PROBES_PER_TICK, now)) {
            if (!peers.contains(c)) {
                send(c, firstContact(c));
            }
        }
        for (PeerEntry e : dueForProbe(now)) {
            peers.markProbed(e, now);
            backoff.probed(e, now);
            List<Message> probe = new ArrayList<>(4);
            if (identity != null) {
                identity.announceTo(e, probe);
            }
            probe.add(PleaseSendPeers.INSTANCE);
            probe.add(new PleaseReturnThisMessage(probes.issue(e.address(), now)));
            probe.add(new PleaseAlwaysReturnThisMessage(cookies.cookieBodyFor(e.address().getAddress())));
            send(e.address(), probe);
        }
        channel.flush();
    }

    /** Up to {@link #PEER_PROBES_PER_TICK} peers whose backoff allows a probe, least recently probed first. */
    private List<PeerEntry> dueForProbe(long now) {
        List<PeerEntry> due = new ArrayList<>(PEER_PROBE_SAMPLE);
        for (PeerEntry e : peers.pickForProbe(PEER_PROBE_SAMPLE)) {
            if (backoff.isDue(e, now)) {
                due.add(e);
            }
        }
        due.sort(Comparator.comparingLong(PeerEntry::lastProbedNanos));
        return due.size() <= PEER_PROBES_PER_TICK ? due : due.subList(0, PEER_PROBES_PER_TICK);
    }

    /**
     * The first contact to a gossiped address: our cookie alone (as the Rust node sends), because the
     * address may be a victim rather than a node. Its size is what gossip budgets pay for
     * ({@link GossipIntake#FIRST_CONTACT_BYTES}).
     */
    private List<Message> firstContact(InetSocketAddress to) {
        List<Message> m = new ArrayList<>(1);
        m.add(cookies.cookieMessageFor(to.getAddress()));
        return m;
    }

    /**
     * Bootstrap nodes, which the operator chose, and peers of our last run, which were nodes when they
     * last answered, are also asked for peers and for a round trip.
     */
    private List<Message> fullContact(InetSocketAddress to, long now) {
        List<Message> m = new ArrayList<>(4);
        m.add(new PleaseAlwaysReturnThisMessage(cookies.cookieBodyFor(to.getAddress())));
        m.add(PleaseSendPeers.INSTANCE);
        m.add(new PleaseReturnThisMessage(probes.issue(to, now)));
        return m;
    }

    private void send(InetSocketAddress to, List<Message> messages) {
        channel.write(new OutboundDatagram(to, messages, null), channel.voidPromise());
    }
}
