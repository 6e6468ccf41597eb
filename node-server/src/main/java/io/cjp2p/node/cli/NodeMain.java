package io.cjp2p.node.cli;

import ch.qos.logback.classic.Level;
import io.cjp2p.node.config.Bootstrap;
import io.cjp2p.node.config.CpuList;
import io.cjp2p.node.config.LimitsConfig.Rate;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.config.Version;
import io.cjp2p.node.runtime.NodeRunner;
import io.cjp2p.node.udp.CpuAffinity;
import io.netty.util.NetUtil;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** The command line: {@code java -jar node-server.jar [options]}. Bad flags exit with status 2. */
@Command(name = "cjp2p-node", mixinStandardHelpOptions = true, versionProvider = NodeMain.VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "A public bootstrap node for the connectionless JSON peer-to-peer protocol (CJP2P / LCDP).%n"
                + "Answers PleaseSendPeers and PleaseReturnThisMessage over UDP, issues and checks anti-spoof cookies.")
public final class NodeMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "24254", paramLabel = "PORT",
            description = "UDP port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--bind", defaultValue = "::", paramLabel = "ADDR",
            description = "Local IP address to bind (default: ${DEFAULT-VALUE}, every interface, IPv4 and IPv6; "
                    + "falls back to 0.0.0.0 where IPv6 is off). Any other address talks only its own family.")
    String bind;

    @Option(names = "--bootstrap", defaultValue = Bootstrap.DEFAULT_BOOTSTRAP, paramLabel = "HOST:PORT,...",
            description = "Peers to start from, comma-separated; 'none' for none "
                    + "(default: the public nodes ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--max-peers", defaultValue = "10000", paramLabel = "N",
            description = "Bound on the peer table (default: ${DEFAULT-VALUE}).")
    int maxPeers;

    @Option(names = "--max-candidates", defaultValue = "500", paramLabel = "N",
            description = "Bound on gossiped addresses waiting to be probed (default: ${DEFAULT-VALUE}).")
    int maxCandidates;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Event loops, each with its own SO_REUSEPORT socket under epoll (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|epoll|nio",
            description = "Socket implementation (default: ${DEFAULT-VALUE}: epoll where available).")
    String transport;

    @Option(names = "--cpus", paramLabel = "LIST",
            description = "Pin the event loops to these CPUs, round robin (e.g. 1, 2,3 or 2-3; Linux only). "
                    + "Keep other busy work off them. Default: not pinned.")
    String cpus;

    @Option(names = "--busy-poll", defaultValue = "0", paramLabel = "US",
            description = "Keep each event loop polling for this many microseconds after its last datagram "
                    + "before it sleeps: lower latency under load, a whole CPU per loop while traffic flows. "
                    + "Best with --cpus. 0..1000000 (default: ${DEFAULT-VALUE}, sleep at once).")
    long busyPollMicros;

    @Option(names = "--tick-ms", defaultValue = "1000", paramLabel = "MS",
            description = "Maintenance period: probes, ageing, peer-list refresh (default: ${DEFAULT-VALUE}).")
    long tickMs;

    @Option(names = "--peer-ttl-s", defaultValue = "1800", paramLabel = "S",
            description = "Forget a peer not verified for this long (default: ${DEFAULT-VALUE}).")
    long peerTtlSeconds;

    @Option(names = "--cookie-rotation-s", defaultValue = "3600", paramLabel = "S",
            description = "Rotate the cookie secret this often; the previous one stays valid one more period "
                    + "(default: ${DEFAULT-VALUE}).")
    long cookieRotationSeconds;

    @Option(names = "--log-level", defaultValue = "INFO", paramLabel = "LEVEL",
            description = "ERROR, WARN, INFO or DEBUG (DEBUG logs every packet; default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--http-port", defaultValue = "24255", paramLabel = "PORT",
            description = "TCP port of the HTTP listener for /metrics, /status.json and /healthz "
                    + "(default: ${DEFAULT-VALUE}; 0 turns the listener and the metrics off).")
    int httpPort;

    @Option(names = "--http-bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "Local address of the HTTP listener (default: ${DEFAULT-VALUE}; 0.0.0.0 in docker-compose).")
    String httpBind;

    @Option(names = "--limits", defaultValue = "on", paramLabel = "on|off",
            description = "Abuse limits: rate limits per source IP and prefix, reply budgets; 'off' for benchmarks "
                    + "(default: ${DEFAULT-VALUE}).")
    String limits;

    @Option(names = "--limit-unverified-pps", defaultValue = "20", paramLabel = "N",
            description = "Datagrams per second from one unverified source IP, burst 2x (default: ${DEFAULT-VALUE}).")
    long limitUnverifiedPps;

    @Option(names = "--limit-verified-pps", defaultValue = "500", paramLabel = "N",
            description = "Datagrams per second from one verified source IP, burst 2x (default: ${DEFAULT-VALUE}).")
    long limitVerifiedPps;

    @Option(names = "--limit-prefix-pps", defaultValue = "2000", paramLabel = "N",
            description = "Unverified datagrams per second from one IPv4 /24 or IPv6 /64, burst 2x "
                    + "(default: ${DEFAULT-VALUE}).")
    long limitPrefixPps;

    @Option(names = "--limit-unverified-reply-bytes", defaultValue = "8192", paramLabel = "BYTES",
            description = "Reply bytes per second to one unverified IP, burst 2x but at least one 64 KiB datagram (default: ${DEFAULT-VALUE}).")
    long limitUnverifiedReplyBytes;

    @Option(names = "--limit-verified-reply-bytes", defaultValue = "262144", paramLabel = "BYTES",
            description = "Reply bytes per second to one verified IP, burst 2x but at least one 64 KiB datagram (default: ${DEFAULT-VALUE}).")
    long limitVerifiedReplyBytes;

    @Option(names = "--limit-global-reply-bytes", defaultValue = "8388608", paramLabel = "BYTES",
            description = "Reply bytes per second for the whole node, burst 2x; unverified replies get half the "
                    + "burst (default: ${DEFAULT-VALUE}).")
    long limitGlobalReplyBytes;

    @Option(names = "--limit-table-size", defaultValue = "65536", paramLabel = "N",
            description = "Rate-limit buckets per table and event loop; bounds their memory (default: ${DEFAULT-VALUE}).")
    int limitTableSize;

    /** Builds the configuration, or throws a ParameterException (exit status 2) naming the bad flag. */
    NodeConfig toConfig() {
        CommandLine cl = spec.commandLine();
        if (port < 0 || port > 65535) {
            throw new ParameterException(cl, "--port must be in 0..65535, got " + port);
        }
        if (threads < 1 || threads > 64) {
            throw new ParameterException(cl, "--threads must be in 1..64, got " + threads);
        }
        if (busyPollMicros < 0 || busyPollMicros > 1_000_000) {
            throw new ParameterException(cl, "--busy-poll must be in 0..1000000 microseconds, got " + busyPollMicros);
        }
        if (maxPeers < 1 || maxPeers > 10_000_000) {
            throw new ParameterException(cl, "--max-peers must be in 1..10000000, got " + maxPeers);
        }
        if (maxCandidates < 1 || maxCandidates > 1_000_000) {
            throw new ParameterException(cl, "--max-candidates must be in 1..1000000, got " + maxCandidates);
        }
        if (tickMs < 10 || tickMs > 60_000) {
            throw new ParameterException(cl, "--tick-ms must be in 10..60000, got " + tickMs);
        }
        if (peerTtlSeconds < 10) {
            throw new ParameterException(cl, "--peer-ttl-s must be at least 10, got " + peerTtlSeconds);
        }
        if (cookieRotationSeconds < 10) {
            throw new ParameterException(cl, "--cookie-rotation-s must be at least 10, got " + cookieRotationSeconds);
        }
        if (!List.of("auto", "epoll", "nio").contains(transport)) {
            throw new ParameterException(cl, "--transport must be auto, epoll or nio, got '" + transport + "'");
        }
        if (!List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(logLevel.toUpperCase(java.util.Locale.ROOT))) {
            throw new ParameterException(cl, "--log-level must be ERROR, WARN, INFO or DEBUG, got '" + logLevel + "'");
        }
        List<InetSocketAddress> peers;
        try {
            peers = Bootstrap.parse(bootstrap);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--bootstrap: " + e.getMessage());
        }
        InetAddress bindAddress = parseBind(cl);
        Duration ttl = Duration.ofSeconds(peerTtlSeconds);
        return NodeConfig.builder().bindAddress(bindAddress).port(port).threads(threads).bootstrap(peers)
                .maxPeers(maxPeers).maxCandidates(maxCandidates).tick(Duration.ofMillis(tickMs)).peerTtl(ttl)
                .handoutWindow(ttl.compareTo(Duration.ofMinutes(10)) < 0 ? ttl : Duration.ofMinutes(10))
                .cookieRotation(Duration.ofSeconds(cookieRotationSeconds))
                .preferNativeTransport(!transport.equals("nio"))
                .cpus(toCpus(cl))
                .busyPoll(Duration.ofNanos(busyPollMicros * 1000))
                .limits(toLimits(cl))
                .httpAddress(parseHttpBind(cl))
                .httpPort(httpPort)
                .build();
    }

    /** --cpus as a CpuList: parsed, and every CPU one this process may run on; else exit 2. */
    private CpuList toCpus(CommandLine cl) {
        if (cpus == null) {
            return CpuList.NONE;
        }
        CpuList list;
        try {
            list = CpuList.parse(cpus);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--cpus: " + e.getMessage());
        }
        if (!CpuAffinity.isSupported()) {
            throw new ParameterException(cl, "--cpus: pinning threads needs Linux (and JNA's native library)");
        }
        CpuList allowed = CpuAffinity.allowed();
        if (!list.isWithin(allowed)) {
            throw new ParameterException(cl, "--cpus: " + list + " is not within the CPUs this process may use ("
                    + allowed + ")");
        }
        return list;
    }

    /** The --limits and --limit-* flags as a LimitsConfig; a bad value is a ParameterException (exit 2). */
    private LimitsConfig toLimits(CommandLine cl) {
        if (!List.of("on", "off").contains(limits)) {
            throw new ParameterException(cl, "--limits must be on or off, got '" + limits + "'");
        }
        if (limitTableSize < LimitsConfig.MIN_TABLE_SIZE || limitTableSize > LimitsConfig.MAX_TABLE_SIZE) {
            throw new ParameterException(cl, "--limit-table-size must be in " + LimitsConfig.MIN_TABLE_SIZE + ".."
                    + LimitsConfig.MAX_TABLE_SIZE + ", got " + limitTableSize);
        }
        return new LimitsConfig(limits.equals("on"), limitTableSize,
                Rate.of(rate(cl, "--limit-unverified-pps", limitUnverifiedPps)),
                Rate.of(rate(cl, "--limit-verified-pps", limitVerifiedPps)),
                Rate.of(rate(cl, "--limit-prefix-pps", limitPrefixPps)),
                Rate.ofBytes(rate(cl, "--limit-unverified-reply-bytes", limitUnverifiedReplyBytes)),
                Rate.ofBytes(rate(cl, "--limit-verified-reply-bytes", limitVerifiedReplyBytes)),
                Rate.ofBytes(rate(cl, "--limit-global-reply-bytes", limitGlobalReplyBytes)));
    }

    /** A per-second rate from a flag, checked. */
    private static long rate(CommandLine cl, String flag, long perSecond) {
        if (perSecond < 1 || perSecond > 500_000_000L) {
            throw new ParameterException(cl, flag + " must be in 1..500000000, got " + perSecond);
        }
        return perSecond;
    }

    private InetAddress parseBind(CommandLine cl) {
        // A literal only: binding must not depend on DNS.
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(bind);
        if (literal == null) {
            throw new ParameterException(cl, "--bind: '" + bind + "' is not an IP address (e.g. ::, 0.0.0.0, 127.0.0.1)");
        }
        try {
            return InetAddress.getByAddress(literal);
        } catch (UnknownHostException e) {
            throw new ParameterException(cl, "--bind: '" + bind + "' is not an IP address");
        }
    }

    @Override
    public Integer call() throws Exception {
        NodeConfig config = toConfig();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.cjp2p")).setLevel(Level.toLevel(logLevel, Level.INFO));
        if (transport.equals("epoll") && !io.netty.channel.epoll.Epoll.isAvailable()) {
            throw new ParameterException(spec.commandLine(), "--transport epoll: epoll is not available here ("
                    + io.netty.channel.epoll.Epoll.unavailabilityCause() + ")");
        }
        return NodeRunner.run(config);
    }

    /** Validates --http-port and --http-bind (a ParameterException, exit status 2, when wrong). */
    private InetAddress parseHttpBind(CommandLine cl) {
        if (httpPort < 0 || httpPort > 65535) {
            throw new ParameterException(cl, "--http-port must be in 0..65535 (0 turns it off), got " + httpPort);
        }
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(httpBind);
        try {
            return literal != null ? InetAddress.getByAddress(literal) : InetAddress.getByName(httpBind);
        } catch (UnknownHostException e) {
            throw new ParameterException(cl, "--http-bind: '" + httpBind + "' is not an address of this machine");
        }
    }

    /** {@code --version}: the version the build wrote. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cjp2p-node " + Version.VALUE};
        }
    }

    public static void main(String[] args) {
        int code = new CommandLine(new NodeMain()).execute(args);
        System.exit(code);
    }
}
