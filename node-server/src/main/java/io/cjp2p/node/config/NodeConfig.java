package io.cjp2p.node.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Everything the node needs to start, already validated.
 *
 * @param bindAddress      the local address of the UDP socket ({@code ::} means every interface, IPv4 too)
 * @param port             the UDP port; 0 picks a free one (tests)
 * @param threads          event loops, each with its own SO_REUSEPORT socket where epoll is available
 * @param bootstrap        peers contacted while the node knows few others; empty for none
 * @param maxPeers         the bound on the peer table
 * @param maxCandidates    the bound on addresses learned from gossip and not yet probed
 * @param tick             the maintenance period
 * @param peerTtl          a peer silent this long is forgotten
 * @param handoutWindow    only peers verified within this window are handed out in Peers
 * @param cookieRotation   how often the cookie secret changes (the previous one stays valid for one more period)
 * @param probeInterval    an address learned from gossip is probed at most once per interval
 * @param preferNativeTransport use epoll when it is available
 * @param cpus             the CPUs the event loops are pinned to, round robin; empty for none
 * @param busyPoll         how long an event loop keeps polling after its last event before it sleeps; zero for not at all
 * @param limits           abuse limits: rate limits per source and prefix, reply budgets ({@link LimitsConfig#OFF} for none)
 * @param httpAddress      the local address of the HTTP listener (metrics, status)
 * @param httpPort         its TCP port; 0 turns the listener and the metrics off
 */
public record NodeConfig(
        InetAddress bindAddress,
        int port,
        int threads,
        List<InetSocketAddress> bootstrap,
        int maxPeers,
        int maxCandidates,
        Duration tick,
        Duration peerTtl,
        Duration handoutWindow,
        Duration cookieRotation,
        Duration probeInterval,
        boolean preferNativeTransport,
        CpuList cpus,
        Duration busyPoll,
        LimitsConfig limits,
        InetAddress httpAddress,
        int httpPort) {

    public static final int DEFAULT_PORT = 24254;

    public NodeConfig {
        bootstrap = List.copyOf(bootstrap);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be in 1..64");
        }
        if (maxPeers < 1 || maxCandidates < 1) {
            throw new IllegalArgumentException("table sizes must be positive");
        }
        if (cpus == null) {
            throw new IllegalArgumentException("cpus must be given (CpuList.NONE for none)");
        }
        if (busyPoll == null || busyPoll.isNegative()) {
            throw new IllegalArgumentException("busyPoll must be zero or positive");
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits must be given (LimitsConfig.OFF for none)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder seeded with this configuration. */
    public Builder toBuilder() {
        return new Builder().bindAddress(bindAddress).port(port).threads(threads).bootstrap(bootstrap)
                .maxPeers(maxPeers).maxCandidates(maxCandidates).tick(tick).peerTtl(peerTtl)
                .handoutWindow(handoutWindow).cookieRotation(cookieRotation).probeInterval(probeInterval)
                .preferNativeTransport(preferNativeTransport).cpus(cpus).busyPoll(busyPoll).limits(limits)
                .httpAddress(httpAddress).httpPort(httpPort);
    }

    /**
     * Defaults for a node in tests: loopback, an ephemeral port, no bootstrap (tests never send
     * anywhere but loopback).
     */
    public static Builder loopback() {
        return builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).bootstrap(List.of());
    }

    /** Starts from the production defaults; the bootstrap list defaults to empty here. */
    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port = DEFAULT_PORT;
        private int threads = 1;
        private List<InetSocketAddress> bootstrap = List.of();
        private int maxPeers = 10_000;
        private int maxCandidates = 500;
        private Duration tick = Duration.ofSeconds(1);
        private Duration peerTtl = Duration.ofMinutes(30);
        private Duration handoutWindow = Duration.ofMinutes(10);
        private Duration cookieRotation = Duration.ofHours(1);
        private Duration probeInterval = Duration.ofSeconds(60);
        private boolean preferNativeTransport = true;
        private CpuList cpus = CpuList.NONE;
        private Duration busyPoll = Duration.ZERO;
        private LimitsConfig limits = LimitsConfig.DEFAULT;
        private InetAddress httpAddress = InetAddress.getLoopbackAddress();
        private int httpPort = 0;

        private Builder() {
        }

        public Builder bindAddress(InetAddress v) { bindAddress = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder bootstrap(List<InetSocketAddress> v) { bootstrap = v; return this; }
        public Builder maxPeers(int v) { maxPeers = v; return this; }
        public Builder maxCandidates(int v) { maxCandidates = v; return this; }
        public Builder tick(Duration v) { tick = v; return this; }
        public Builder peerTtl(Duration v) { peerTtl = v; return this; }
        public Builder handoutWindow(Duration v) { handoutWindow = v; return this; }
        public Builder cookieRotation(Duration v) { cookieRotation = v; return this; }
        public Builder probeInterval(Duration v) { probeInterval = v; return this; }
        public Builder preferNativeTransport(boolean v) { preferNativeTransport = v; return this; }
        public Builder cpus(CpuList v) { cpus = v; return this; }
        public Builder busyPoll(Duration v) { busyPoll = v; return this; }
        public Builder limits(LimitsConfig v) { limits = v; return this; }
        public Builder httpAddress(InetAddress v) { httpAddress = v; return this; }
        public Builder httpPort(int v) { httpPort = v; return this; }

        public NodeConfig build() {
            return new NodeConfig(bindAddress, port, threads, bootstrap, maxPeers, maxCandidates, tick, peerTtl,
                    handoutWindow, cookieRotation, probeInterval, preferNativeTransport, cpus, busyPoll, limits, httpAddress, httpPort);
        }
    }
}
