package io.cjp2p.loadtest.eclipse;

import io.cjp2p.codec.MessageDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The eclipse scenario: attacker sources from few networks make themselves verified peers of the
 * node and stay so, honest sources each in its own /16 do the same, and once a second fresh clients
 * ask the node for peers, as newcomers to a bootstrap node do, and the scenario counts whose
 * addresses they are handed. The sources run on one event loop, paced by {@link LimitPacer}; the
 * observers and the status page are read on the caller's thread.
 */
public final class EclipseRun {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long ROUND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long NO_COOKIE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long HEAD_START_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Node datagrams to a source are small: an answer or a maintenance probe. */
    private static final int RECEIVE_BYTES = 8192;
    /** After the last send, answers still in flight are counted if they arrive within this. */
    private static final long DRAIN_MILLIS = 300;

    private final EclipseSettings settings;
    private final PrintStream progress;

    public EclipseRun(EclipseSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Runs the attack and the observers for the duration, and returns the report.
     *
     * @throws IllegalStateException when no source gets the node's cookie within 5 s
     */
    public EclipseReport run() throws Exception {
        AddressPlan plan = AddressPlan.of(settings);
        SourceTraffic traffic = new SourceTraffic();
        List<EclipseSource> sources = sources(plan, traffic);
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        List<Channel> channels = new ArrayList<>(sources.size());
        try {
            Bootstrap bootstrap = new Bootstrap().group(group)
                    .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BYTES));
            for (EclipseSource s : sources) {
                Channel ch = bootstrap.clone().handler(s).bind(s.bindAddress()).sync().channel();
                s.channel(ch);
                channels.add(ch);
            }
            return attack(group.next(), sources, plan, traffic);
        } finally {
            for (Channel ch : channels) {
                ch.close().awaitUninterruptibly();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    /**
     * Honest sources first (Tick relies on it), then the attacker's: every IP's first port, its
     * second, ..., then the heavy IP's.
     */
    private List<EclipseSource> sources(AddressPlan plan, SourceTraffic traffic) {
        long refresh = TimeUnit.SECONDS.toNanos(settings.refreshS());
        MessageDecoder decoder = new MessageDecoder();
        List<EclipseSource> list = new ArrayList<>(settings.honest() + settings.attackerSources());
        for (int a = 0; a < settings.honest(); a++) {
            list.add(new EclipseSource(Origin.HONEST, new SourceIp(AddressPlan.honestIp(a)), true, false,
                    "eclipse-honest-" + a, settings.target(), refresh, decoder, traffic));
        }
        SourceIp[] ips = new SourceIp[settings.attackerIps()];
        for (int i = 0; i < ips.length; i++) {
            ips[i] = new SourceIp(plan.attackerIp(i));
        }
        for (int p = 0; p < settings.portsPerIp(); p++) {
            for (int i = 0; i < ips.length; i++) {
                list.add(new EclipseSource(Origin.ATTACKER, ips[i], p == 0, false, "eclipse-" + i + "-" + p,
                        settings.target(), refresh, decoder, traffic));
            }
        }
        SourceIp heavy = new SourceIp(AddressPlan.heavyIp());
        for (int p = 0; p < settings.heavyPorts(); p++) {
            list.add(new EclipseSource(Origin.ATTACKER, heavy, p == 0, true, "eclipse-heavy-" + p,
                    settings.target(), refresh, decoder, traffic));
        }
        return list;
    }

    private EclipseReport attack(EventLoop loop, List<EclipseSource> sources, AddressPlan plan, SourceTraffic traffic)
            throws Exception {
        long start = System.nanoTime();
        Tick pacing = new Tick(sources, settings.honest(), start);
        ScheduledFuture<?> tick = loop.scheduleWithFixedDelay(pacing, 0, TICK_NANOS, TimeUnit.NANOSECONDS);
        HandoutTally tally = new HandoutTally(plan);
        Observer observer = new Observer(settings.target(), tally);
        StatusProbe status = settings.statusUrl() == null ? null : new StatusProbe(settings.statusUrl());
        long end = start + TimeUnit.SECONDS.toNanos(settings.durationS());
        try {
            // The first round a second in: the node rebuilds its handout list once a second.
            for (long round = start + ROUND_NANOS; ; round = Math.max(round + ROUND_NANOS, System.nanoTime())) {
                long wait = Math.min(round, end) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long now = System.nanoTime();
                if (now - end >= 0) {
                    break;
                }
                Census census = call(loop, () -> Census.of(sources, traffic));
                if (!census.anyCookie && now - start > NO_COOKIE_NANOS) {
                    throw new IllegalStateException("no cookie from " + settings.target()
                            + " within 5 s: is a node listening?");
                }
                observer.round(end);
                if (status != null) {
                    readStatus(status, tally, census.attacker.held());
                }
                if (settings.progress()) {
                    printProgress(now - start, census, tally);
                }
            }
        } finally {
            tick.cancel(false);
        }
        Thread.sleep(DRAIN_MILLIS);
        Census last = call(loop, () -> Census.of(sources, traffic));
        double seconds = (System.nanoTime() - start) / 1e9;
        double attackStart = call(loop, () -> pacing.attackStart < 0 ? -1 : (pacing.attackStart - start) / 1e9);
        return new EclipseReport(settings.target().getAddress().getHostAddress() + ":" + settings.target().getPort(),
                seconds, attackStart, new EclipseReport.Layout(settings.attackerIps(), settings.portsPerIp(),
                settings.groups(), settings.heavyPorts()), last.attacker, last.heavyVerified, last.honest, last.traffic,
                tally.verifiedFigures(), tally.unverifiedFigures(), status == null ? null : tally.tableFigures());
    }

    /**
     * Every pacing tick, on the event loop: each source sends what is due. The honest sources start
     * first, as the peers a node knew before an attack; the attacker once they are all verified, or
     * after {@link #HEAD_START_NANOS} at the latest.
     */
    private static final class Tick implements Runnable {
        private final List<EclipseSource> sources;
        private final List<EclipseSource> honest;
        private final long start;
        private final LimitPacer pacer = new LimitPacer();
        private int first;
        /** When the attacker's sources started (System.nanoTime), -1 before. */
        long attackStart = -1;

        Tick(List<EclipseSource> sources, int honestCount, long start) {
            this.sources = sources;
            this.honest = sources.subList(0, honestCount);
            this.start = start;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            if (attackStart < 0
                    && (now - start >= HEAD_START_NANOS || honest.stream().allMatch(EclipseSource::verified))) {
                attackStart = now;
            }
            int n = attackStart < 0 ? honest.size() : sources.size();
            // A different source goes first each tick, so none is always last for a shared budget.
            int k = first;
            first = (k + 1) % sources.size();
            for (int i = 0; i < n; i++) {
                sources.get((k + i) % n).step(now, pacer);
            }
        }
    }

    private static void readStatus(StatusProbe status, HandoutTally tally, int attackerHeld)
            throws InterruptedException {
        try {
            StatusProbe.Status s = status.read();
            tally.status(s.totalPeers(), s.active(), attackerHeld);
        } catch (IOException e) {
            tally.statusFailed();
        }
    }

    private void printProgress(long elapsed, Census c, HandoutTally tally) {
        EclipseReport.UnverifiedHandouts picks = tally.unverifiedFigures();
        progress.printf(Locale.ROOT, "t=%3ds  attacker verified %d/%d held %d  honest verified %d/%d  "
                        + "verified handout attacker share %.3f  unverified picks attacker %d/%d%n",
                Math.round(elapsed / 1e9), c.attacker.verified(), c.attacker.sources(), c.attacker.held(),
                c.honest.verified(), c.honest.sources(), tally.verifiedAttacker.last(), picks.attacker(),
                picks.asked());
    }

    /** The sources' state at one moment, taken on the event loop. */
    private record Census(EclipseReport.Sources attacker, EclipseReport.Sources honest, int heavyVerified,
                          boolean anyCookie, EclipseReport.Traffic traffic) {
        static Census of(List<EclipseSource> sources, SourceTraffic t) {
            int[] n = new int[4];
            int[] h = new int[4];
            int heavy = 0;
            boolean cookie = false;
            for (EclipseSource s : sources) {
                int[] c = s.origin() == Origin.ATTACKER ? n : h;
                c[0]++;
                if (s.verified()) {
                    c[1]++;
                    if (s.heavy()) {
                        heavy++;
                    }
                    if (s.held() == EclipseSource.Held.HELD) {
                        c[2]++;
                    } else if (s.held() == EclipseSource.Held.DROPPED) {
                        c[3]++;
                    }
                }
                cookie |= s.hasNodeCookie();
            }
            return new Census(new EclipseReport.Sources(n[0], n[1], n[2], n[3]),
                    new EclipseReport.Sources(h[0], h[1], h[2], h[3]), heavy, cookie,
                    new EclipseReport.Traffic(t.sent, t.requests, t.answered, t.late, t.probesAnswered, t.other));
        }
    }

    private static <T> T call(EventLoop loop, Callable<T> task) throws Exception {
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }
}
