package io.cjp2p.node.config;

import io.cjp2p.codec.PeerAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the node needs to start, already validated: every number against its {@link Bound},
 * every address against {@link NonUnicast}. {@link #DEFAULT} holds the defaults of a public node,
 * the only place they are written down; the command line shows and uses them.
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
 * @param transport        the socket implementation: epoll where available, epoll only, or NIO
 * @param cpus             the CPUs the event loops are pinned to, round robin; empty for none
 * @param busyPoll         how long an event loop keeps polling after its last event before it sleeps; zero for not at all
 * @param sendSocket       whether replies leave through a send-only socket where the transport allows one
 *                         (epoll, a bind to one address; see {@code udp.SendOnlySocket})
 * @param limits           abuse limits: rate limits per source and prefix, reply budgets ({@link LimitsConfig#OFF} for none)
 * @param httpAddress      the local address of the HTTP listener (metrics, status)
 * @param httpPort         its TCP port; 0 turns the listener and the metrics off
 * @param wsAllowOrigins   browser origins let onto the WebSocket bridge besides pages served from loopback
 * @param stateDir         where the node keeps its key and its peers between runs; {@code null} for
 *                         none (tests): a fresh key each start, and peers are neither loaded nor saved
 * @param peerSaveInterval how often the peer table is saved in {@code stateDir} (also at shutdown)
 * @param shareDirs        directories whose files are served by the SHA-256 of their content (--share)
 * @param uploadMaxBytes   the largest body {@code POST /upload} stores
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
        TransportChoice transport,
        CpuList cpus,
        Duration busyPoll,
        boolean sendSocket,
        LimitsConfig limits,
        InetAddress httpAddress,
        int httpPort,
        List<String> wsAllowOrigins,
        Path stateDir,
        Duration peerSaveInterval,
        List<Path> shareDirs,
        long uploadMaxBytes) {

    /** A browser's Origin: scheme, host (a bracketed IPv6 literal too), optional port; or the opaque "null". */
    private static final Pattern ORIGIN = Pattern.compile(
            "null|[A-Za-z][A-Za-z0-9+.-]*://(\\[[0-9A-Fa-f:.]+]|[^\\s/?#@:\\[\\]]+)(:[0-9]{1,5})?");

    /**
     * The defaults of a public node: every interface on the CJP2P port, the public bootstrap
     * nodes, metrics on 127.0.0.1 only.
     */
    public static final NodeConfig DEFAULT = new NodeConfig(
            address(new byte[16]), 24254, 1, Bootstrap.parse(Bootstrap.DEFAULT_BOOTSTRAP), 10_000, 500,
            Duration.ofSeconds(1), Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofSeconds(60), TransportChoice.AUTO, CpuList.NONE, Duration.ZERO, true, LimitsConfig.DEFAULT,
            address(new byte[] {127, 0, 0, 1}), 24255, List.of(), Path.of("./cjp2p-state"), Duration.ofMinutes(1),
            List.of(), 1L << 30);

    /** @throws IllegalArgumentException naming the flag of the first bad value */
    public NodeConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(cpus, "cpus (CpuList.NONE for none)");
        Objects.requireNonNull(limits, "limits (LimitsConfig.OFF for none)");
        Objects.requireNonNull(httpAddress, "httpAddress");
        Objects.requireNonNull(wsAllowOrigins, "wsAllowOrigins");
        bootstrap = List.copyOf(bootstrap);
        wsAllowOrigins = List.copyOf(wsAllowOrigins);
        shareDirs = List.copyOf(Objects.requireNonNull(shareDirs, "shareDirs"));
        if (uploadMaxBytes < 1) {
            throw new IllegalArgumentException("--upload-max-bytes must be at least 1, got " + uploadMaxBytes);
        }
        for (String origin : wsAllowOrigins) {
            requireOrigin(origin);
        }
        requireUnicastOrAny(bindAddress);
        for (InetSocketAddress peer : bootstrap) {
            requireBootstrapPeer(peer);
        }
        Bound.PORT.check(port);
        Bound.THREADS.check(threads);
        Bound.MAX_PEERS.check(maxPeers);
        Bound.MAX_CANDIDATES.check(maxCandidates);
        Bound.TICK.check(tick);
        Bound.PEER_TTL.check(peerTtl);
        Bound.COOKIE_ROTATION.check(cookieRotation);
        Bound.BUSY_POLL.check(busyPoll);
        Bound.HTTP_PORT.check(httpPort);
        requirePeriod("handoutWindow", handoutWindow);
        requirePeriod("probeInterval", probeInterval);
        requirePeriod("peerSaveInterval", peerSaveInterval);
        if (stateDir != null && stateDir.toString().isEmpty()) {
            throw new IllegalArgumentException("--state-dir must name a directory");
        }
    }

    /** The bind address may be {@code ::} or 0.0.0.0 (every interface), never multicast or broadcast. */
    private static void requireUnicastOrAny(InetAddress bind) {
        String kind = bind.isAnyLocalAddress() ? null : NonUnicast.kind(bind);
        if (kind != null) {
            throw new IllegalArgumentException("--bind: " + bind.getHostAddress() + " is " + kind
                    + "; give a unicast address of this machine, or :: or 0.0.0.0 for every interface");
        }
    }

    /** An origin as a browser sends it: {@code scheme://host[:port]}, no path; or {@code null} (file pages). */
    private static void requireOrigin(String origin) {
        if (!ORIGIN.matcher(origin).matches()) {
            throw new IllegalArgumentException("--ws-allow-origin: '" + origin
                    + "' is not an origin such as http://localhost:8080 or https://app.example");
        }
    }

    private static void requireBootstrapPeer(InetSocketAddress peer) {
        if (peer.isUnresolved()) {
            throw new IllegalArgumentException("--bootstrap: " + peer.getHostString() + " is not resolved");
        }
        if (peer.getPort() == 0) {
            throw new IllegalArgumentException("--bootstrap: " + PeerAddress.format(peer) + " has no port");
        }
        String kind = NonUnicast.kind(peer.getAddress());
        if (kind != null) {
            throw new IllegalArgumentException("--bootstrap: " + PeerAddress.format(peer) + " is " + kind
                    + ", not a peer");
        }
    }

    /** A period that is no flag of its own: positive, and short enough for nanosecond arithmetic. */
    private static void requirePeriod(String name, Duration period) {
        if (period == null || period.isNegative() || period.isZero() || period.compareTo(Bound.LONGEST_PERIOD) > 0) {
            throw new IllegalArgumentException(name + " must be positive and at most " + Bound.LONGEST_PERIOD
                    + ", got " + period);
        }
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether the node should try epoll first. */
    public boolean preferNativeTransport() {
        return transport.prefersNative();
    }

    /** A builder seeded with the production defaults ({@link #DEFAULT}). */
    public static Builder builder() {
        return DEFAULT.toBuilder();
    }

    /** A builder seeded with this configuration. */
    public Builder toBuilder() {
        return new Builder().bindAddress(bindAddress).port(port).threads(threads).bootstrap(bootstrap)
                .maxPeers(maxPeers).maxCandidates(maxCandidates).tick(tick).peerTtl(peerTtl)
                .handoutWindow(handoutWindow).cookieRotation(cookieRotation).probeInterval(probeInterval)
                .transport(transport).cpus(cpus).busyPoll(busyPoll).sendSocket(sendSocket).limits(limits)
                .httpAddress(httpAddress).httpPort(httpPort).wsAllowOrigins(wsAllowOrigins).stateDir(stateDir)
                .peerSaveInterval(peerSaveInterval).shareDirs(shareDirs).uploadMaxBytes(uploadMaxBytes);
    }

    /**
     * Defaults for a node in tests: loopback, an ephemeral port, no bootstrap (tests never send
     * anywhere but loopback), no HTTP listener, no state directory (a test that needs one gives a
     * temporary directory).
     */
    public static Builder loopback() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return builder().bindAddress(loopback).port(0).bootstrap(List.of()).httpAddress(loopback).httpPort(0)
                .stateDir(null);
    }

    /** Sets fields one by one; {@link #build()} validates them all. */
    public static final class Builder {
        private InetAddress bindAddress;
        private int port;
        private int threads;
        private List<InetSocketAddress> bootstrap;
        private int maxPeers;
        private int maxCandidates;
        private Duration tick;
        private Duration peerTtl;
        private Duration handoutWindow;
        private Duration cookieRotation;
        private Duration probeInterval;
        private TransportChoice transport;
        private CpuList cpus;
        private Duration busyPoll;
        private boolean sendSocket;
        private LimitsConfig limits;
        private InetAddress httpAddress;
        private int httpPort;
        private List<String> wsAllowOrigins;
        private Path stateDir;
        private Duration peerSaveInterval;
        private List<Path> shareDirs;
        private long uploadMaxBytes;

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
        public Builder transport(TransportChoice v) { transport = v; return this; }
        /** {@link TransportChoice#AUTO} for true, {@link TransportChoice#NIO} for false. */
        public Builder preferNativeTransport(boolean v) { return transport(v ? TransportChoice.AUTO : TransportChoice.NIO); }
        public Builder cpus(CpuList v) { cpus = v; return this; }
        public Builder busyPoll(Duration v) { busyPoll = v; return this; }
        public Builder sendSocket(boolean v) { sendSocket = v; return this; }
        public Builder limits(LimitsConfig v) { limits = v; return this; }
        public Builder httpAddress(InetAddress v) { httpAddress = v; return this; }
        public Builder httpPort(int v) { httpPort = v; return this; }
        public Builder wsAllowOrigins(List<String> v) { wsAllowOrigins = v; return this; }
        /** {@code null} for no state directory. */
        public Builder stateDir(Path v) { stateDir = v; return this; }
        public Builder peerSaveInterval(Duration v) { peerSaveInterval = v; return this; }
        public Builder shareDirs(List<Path> v) { shareDirs = v; return this; }
        public Builder uploadMaxBytes(long v) { uploadMaxBytes = v; return this; }

        public NodeConfig build() {
            return new NodeConfig(bindAddress, port, threads, bootstrap, maxPeers, maxCandidates, tick, peerTtl,
                    handoutWindow, cookieRotation, probeInterval, transport, cpus, busyPoll, sendSocket, limits, httpAddress, httpPort,
                    wsAllowOrigins, stateDir, peerSaveInterval, shareDirs, uploadMaxBytes);
        }
    }
}
