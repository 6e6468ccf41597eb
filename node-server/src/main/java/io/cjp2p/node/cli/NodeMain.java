package io.cjp2p.node.cli;

import io.cjp2p.node.config.Bootstrap;
import io.cjp2p.node.config.Bound;
import io.cjp2p.node.config.CpuList;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.config.TransportChoice;
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

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The command line: {@code java -jar node-server.jar [options]}. Defaults come from
 * {@link NodeDefaults}, ranges and every other check from the config records; a bad flag prints
 * one line and exits with status 2.
 */
@Command(name = "cjp2p-node", mixinStandardHelpOptions = true, versionProvider = NodeMain.VersionProvider.class,
        defaultValueProvider = NodeDefaults.class, resourceBundle = "io.cjp2p.node.cli.HelpRanges",
        sortOptions = false, usageHelpAutoWidth = true, subcommands = GetCommand.class,
        description = "A public bootstrap node for the connectionless JSON peer-to-peer protocol (CJP2P / LCDP).%n"
                + "Answers PleaseSendPeers and PleaseReturnThisMessage over UDP, issues and checks anti-spoof cookies.")
public final class NodeMain implements Callable<Integer> {
    /** What runs the node once every flag is good; returns the exit status. */
    interface Runner {
        int run(NodeConfig config) throws Exception;
    }

    private final Runner runner;

    @Spec
    CommandSpec spec;

    public NodeMain() {
        this(NodeRunner::run);
    }

    /** With another runner: tests check the whole command line without opening a socket. */
    NodeMain(Runner runner) {
        this.runner = runner;
    }

    @Option(names = "--port", paramLabel = "PORT",
            description = "UDP port to listen on, ${bundle:range.port} (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Local IP address to bind (default: ${DEFAULT-VALUE}, every interface, IPv4 and IPv6; "
                    + "falls back to 0.0.0.0 where IPv6 is off). Any other address talks only its own family.")
    String bind;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT,...",
            description = "Peers to start from, comma-separated; 'none' for none "
                    + "(default: the public nodes ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--max-peers", paramLabel = "N",
            description = "Bound on the peer table, ${bundle:range.max-peers} (default: ${DEFAULT-VALUE}).")
    int maxPeers;

    @Option(names = "--max-candidates", paramLabel = "N",
            description = "Bound on gossiped addresses waiting to be probed, ${bundle:range.max-candidates} "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxCandidates;

    @Option(names = "--threads", paramLabel = "N",
            description = "Event loops, each with its own SO_REUSEPORT socket under epoll, ${bundle:range.threads} "
                    + "(default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--transport", paramLabel = "KIND",
            description = "Socket implementation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, epoll where "
                    + "available).")
    TransportChoice transport;

    @Option(names = "--cpus", paramLabel = "LIST",
            description = "Pin the event loops to these CPUs, round robin (e.g. 1, 2,3 or 2-3; Linux only). "
                    + "Keep other busy work off them. Default: not pinned.")
    String cpus;

    @Option(names = "--busy-poll", paramLabel = "US",
            description = "Keep each event loop polling for this many microseconds after its last datagram "
                    + "before it sleeps: lower latency under load, a whole CPU per loop while traffic flows. "
                    + "Best with --cpus. ${bundle:range.busy-poll} (default: ${DEFAULT-VALUE}, sleep at once).")
    long busyPollMicros;

    @Option(names = "--send-socket", paramLabel = "on|off",
            description = "Send replies from a second socket on the same address and port that epoll does not "
                    + "watch (about 10 %% less CPU per reply); with epoll (default: ${DEFAULT-VALUE}).")
    Switch sendSocket;

    @Option(names = "--tick-ms", paramLabel = "MS",
            description = "Maintenance period: probes, ageing, peer-list refresh, ${bundle:range.tick-ms} "
                    + "(default: ${DEFAULT-VALUE}).")
    long tickMs;

    @Option(names = "--peer-ttl-s", paramLabel = "S",
            description = "Forget a peer not verified for this long, ${bundle:range.peer-ttl-s} "
                    + "(default: ${DEFAULT-VALUE}).")
    long peerTtlSeconds;

    @Option(names = "--cookie-rotation-s", paramLabel = "S",
            description = "Rotate the cookie secret this often; the previous one stays valid one more period, "
                    + "${bundle:range.cookie-rotation-s} (default: ${DEFAULT-VALUE}).")
    long cookieRotationSeconds;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "${COMPLETION-CANDIDATES} (DEBUG logs every packet; default: ${DEFAULT-VALUE}).")
    LogLevel logLevel;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "TCP port of the HTTP listener for /metrics, /status.json and /healthz, "
                    + "${bundle:range.http-port} (default: ${DEFAULT-VALUE}; 0 turns the listener and the metrics off).")
    int httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDR",
            description = "Local address of the HTTP listener (default: ${DEFAULT-VALUE}; 0.0.0.0 in docker-compose).")
    String httpBind;

    @Option(names = "--ws-allow-origin", paramLabel = "ORIGIN,...",
            description = "Browser origins (e.g. https://app.example) that may use the WebSocket bridge on /wt besides "
                    + "pages served from localhost, 127.x.x.x or [::1]; any page the user opens could otherwise drive "
                    + "the node, so list only sites you trust. 'none' for none (default: ${DEFAULT-VALUE}).")
    String wsAllowOrigin;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the node keeps its ed25519 key (key.json, made on first start) and the peers it "
                    + "knew (peers.json, saved every minute and at shutdown) (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--share", paramLabel = "DIR",
            description = "Serve the files under DIR (repeatable) by the SHA-256 of their content: indexed in the "
                    + "background, cached in the state directory's share-index.json, rescanned every 30 s.")
    List<Path> share;

    @Option(names = "--upload-max-bytes", paramLabel = "BYTES",
            description = "The largest body POST /upload (loopback only) stores in the state directory "
                    + "(default: ${DEFAULT-VALUE}).")
    long uploadMaxBytes;

    @Option(names = "--limits", paramLabel = "on|off",
            description = "Abuse limits: rate limits per source IP and prefix, reply budgets; 'off' for benchmarks "
                    + "(default: ${DEFAULT-VALUE}).")
    Switch limits;

    @Option(names = "--limit-unverified-pps", paramLabel = "N",
            description = "Datagrams per second from one unverified source IP, burst 2x, "
                    + "${bundle:range.limit-unverified-pps} (default: ${DEFAULT-VALUE}).")
    long limitUnverifiedPps;

    @Option(names = "--limit-verified-pps", paramLabel = "N",
            description = "Datagrams per second from one verified source IP, burst 2x, "
                    + "${bundle:range.limit-verified-pps} (default: ${DEFAULT-VALUE}).")
    long limitVerifiedPps;

    @Option(names = "--limit-prefix-pps", paramLabel = "N",
            description = "Unverified datagrams per second from one IPv4 /24 or IPv6 /64, burst 2x, "
                    + "${bundle:range.limit-prefix-pps} (default: ${DEFAULT-VALUE}).")
    long limitPrefixPps;

    @Option(names = "--limit-unverified-reply-bytes", paramLabel = "BYTES",
            description = "Reply bytes per second to one unverified IP, burst 2x but at least one 64 KiB datagram, "
                    + "${bundle:range.limit-unverified-reply-bytes} (default: ${DEFAULT-VALUE}).")
    long limitUnverifiedReplyBytes;

    @Option(names = "--limit-verified-reply-bytes", paramLabel = "BYTES",
            description = "Reply bytes per second to one verified IP, burst 2x but at least one 64 KiB datagram, "
                    + "${bundle:range.limit-verified-reply-bytes} (default: ${DEFAULT-VALUE}).")
    long limitVerifiedReplyBytes;

    @Option(names = "--limit-global-reply-bytes", paramLabel = "BYTES",
            description = "Reply bytes per second for the whole node, burst 2x; unverified replies get half the "
                    + "burst, ${bundle:range.limit-global-reply-bytes} (default: ${DEFAULT-VALUE}).")
    long limitGlobalReplyBytes;

    @Option(names = "--limit-table-size", paramLabel = "N",
            description = "Rate-limit buckets in each of the three tables the event loops share, 16 bytes a bucket; "
                    + "bounds their memory, ${bundle:range.limit-table-size} (default: ${DEFAULT-VALUE}).")
    int limitTableSize;

    /** The command line as {@link #main} runs it: enum values in any case, one-line errors. */
    static CommandLine commandLine(NodeMain main) {
        return new CommandLine(main)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(NodeMain::printOneLine);
    }

    /**
     * A bad flag: {@code cjp2p-node: <what is wrong> (see --help)} and exit status 2. Picocli's own
     * handler would print the whole usage, which buries the one line that matters.
     */
    static int printOneLine(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String what = String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
        cl.getErr().println(cl.getCommandName() + ": " + what + " (see --help)");
        cl.getErr().flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Builds the configuration, or throws a ParameterException (exit status 2) naming the bad flag. */
    NodeConfig toConfig() {
        try {
            Duration ttl = Bound.PEER_TTL.toDuration(peerTtlSeconds);
            Duration handout = NodeConfig.DEFAULT.handoutWindow();
            return NodeConfig.builder()
                    .bindAddress(literalAddress(bind))
                    .port(port)
                    .threads(threads)
                    .bootstrap(Bootstrap.parse(bootstrap))
                    .maxPeers(maxPeers)
                    .maxCandidates(maxCandidates)
                    .tick(Bound.TICK.toDuration(tickMs))
                    .peerTtl(ttl)
                    // a peer is forgotten after the TTL, so a longer window would hand out no one more
                    .handoutWindow(ttl.compareTo(handout) < 0 ? ttl : handout)
                    .cookieRotation(Bound.COOKIE_ROTATION.toDuration(cookieRotationSeconds))
                    .transport(transport)
                    .cpus(toCpus())
                    .busyPoll(Bound.BUSY_POLL.toDuration(busyPollMicros))
                    .sendSocket(sendSocket.isOn())
                    .limits(LimitsConfig.of(limits.isOn(), limitTableSize, limitUnverifiedPps, limitVerifiedPps,
                            limitPrefixPps, limitUnverifiedReplyBytes, limitVerifiedReplyBytes, limitGlobalReplyBytes))
                    .httpAddress(httpAddress())
                    .httpPort(httpPort)
                    .wsAllowOrigins(wsAllowOrigins())
                    .stateDir(stateDir)
                    .shareDirs(shareDirs())
                    .uploadMaxBytes(uploadMaxBytes)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** --cpus as a CpuList: parsed, and every CPU one this process may run on. */
    private CpuList toCpus() {
        if (cpus == null) {
            return CpuList.NONE;
        }
        CpuList list;
        try {
            list = CpuList.parse(cpus);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cpus: " + e.getMessage(), e);
        }
        if (!CpuAffinity.isSupported()) {
            throw new IllegalArgumentException("--cpus: pinning threads needs Linux (and JNA's native library)");
        }
        CpuList allowed = CpuAffinity.allowed();
        if (!list.isWithin(allowed)) {
            throw new IllegalArgumentException("--cpus: " + list + " is not within the CPUs this process may use ("
                    + allowed + ")");
        }
        return list;
    }

    /** --bind: a literal only, so that binding never depends on DNS. */
    static InetAddress literalAddress(String text) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(text);
        if (literal == null) {
            throw new IllegalArgumentException("--bind: '" + text + "' is not an IP address (e.g. ::, 0.0.0.0, 127.0.0.1)");
        }
        try {
            return InetAddress.getByAddress(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind: '" + text + "' is not an IP address");
        }
    }

    /** --share: each an existing directory, taken by its real path (so a link given here is followed once). */
    private List<Path> shareDirs() {
        if (share == null) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        for (Path dir : share) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--share: " + dir + " is not a directory");
            }
            try {
                dirs.add(dir.toRealPath());
            } catch (IOException e) {
                throw new IllegalArgumentException("--share: " + dir + ": " + e.getMessage());
            }
        }
        return dirs;
    }

    /** --ws-allow-origin: comma-separated origins, or 'none'. */
    private List<String> wsAllowOrigins() {
        if (wsAllowOrigin.strip().equalsIgnoreCase("none")) {
            return List.of();
        }
        return Arrays.stream(wsAllowOrigin.split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    /** --http-bind: a literal, or a name of this machine. */
    private InetAddress httpAddress() {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(httpBind);
        try {
            return literal != null ? InetAddress.getByAddress(literal) : InetAddress.getByName(httpBind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--http-bind: '" + httpBind + "' is not an address of this machine");
        }
    }

    @Override
    public Integer call() throws Exception {
        NodeConfig config = toConfig();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.cjp2p")).setLevel(logLevel.level());
        if (transport == TransportChoice.EPOLL && !io.netty.channel.epoll.Epoll.isAvailable()) {
            throw new ParameterException(spec.commandLine(), "--transport epoll: epoll is not available here ("
                    + io.netty.channel.epoll.Epoll.unavailabilityCause() + ")");
        }
        return runner.run(config);
    }

    /** {@code --version}: the version the build wrote. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cjp2p-node " + Version.VALUE};
        }
    }

    public static void main(String[] args) {
        int code = commandLine(new NodeMain()).execute(args);
        System.exit(code);
    }
}
