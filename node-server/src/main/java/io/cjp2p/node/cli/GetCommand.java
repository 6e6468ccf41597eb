package io.cjp2p.node.cli;

import io.cjp2p.node.config.Bootstrap;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.download.Download;
import io.cjp2p.node.download.DownloadStatus;
import io.cjp2p.node.download.Downloads;
import io.cjp2p.node.runtime.Node;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code get <sha256>}: joins the swarm as a short-lived node, fetches one object by its id,
 * checks it and writes it out. Exit status 0 with a verified file, 1 when no source had it, 2 for
 * bad arguments.
 */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Download one object by its SHA-256 id from the swarm (and --from), verify it, write it to --out.")
public final class GetCommand implements java.util.concurrent.Callable<Integer> {
    static final int EXIT_NOT_FOUND = 1;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHA256", description = "The object's id: its SHA-256, 64 hex digits.")
    String id;

    @Option(names = "--from", paramLabel = "IP:PORT,...",
            description = "Nodes to ask first, comma-separated (besides the peers the swarm names).")
    String from;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the object (default: ./<id>).")
    Path out;

    @Option(names = "--give-up-s", paramLabel = "S", defaultValue = "30",
            description = "Give up (exit 1) after this many seconds without a block from any source (default: ${DEFAULT-VALUE}).")
    long giveUpSeconds;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT,...", defaultValue = Bootstrap.DEFAULT_BOOTSTRAP,
            description = "Peers to start from, comma-separated; 'none' for none (default: the public nodes).")
    String bootstrap;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "./cjp2p-get",
            description = "Key, peers, and the store: partial objects in incoming/ (resumed by the next get), "
                    + "from which the verified object is moved to --out (default: ${DEFAULT-VALUE}; not the node's ./cjp2p-state, "
                    + "so that get never runs on a running node's key).")
    Path stateDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "UDP port of this short-lived node (default: ${DEFAULT-VALUE}, any free port, so it runs beside a node).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "::",
            description = "Local IP address to bind (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "WARN",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LogLevel logLevel;

    @Override
    public Integer call() throws Exception {
        if (!Downloads.validId(id == null ? null : id.toLowerCase(java.util.Locale.ROOT))) {
            throw new ParameterException(spec.commandLine(), "'" + id + "' is not a SHA-256 id (64 hex digits)");
        }
        String object = id.toLowerCase(java.util.Locale.ROOT);
        if (giveUpSeconds < 1 || giveUpSeconds > 86_400) {
            throw new ParameterException(spec.commandLine(), "--give-up-s must be within 1..86400, not " + giveUpSeconds);
        }
        List<InetSocketAddress> sources;
        NodeConfig config;
        try {
            sources = from == null ? List.of() : Bootstrap.parse(from);
            config = NodeConfig.builder()
                    .bindAddress(NodeMain.literalAddress(bind))
                    .port(port)
                    .bootstrap(Bootstrap.parse(bootstrap))
                    // A client: what arrives answers its own requests, at the rate its windows allow.
                    .limits(LimitsConfig.OFF)
                    .httpPort(0)
                    .stateDir(stateDir)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path target = out != null ? out : Path.of(object);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.cjp2p")).setLevel(logLevel.level());
        PrintStream console = System.out;
        long started = System.nanoTime();
        try (Node node = Node.start(config)) {
            CompletableFuture<DownloadStatus> done = node.downloads().start(object, sources,
                    Duration.ofSeconds(giveUpSeconds));
            DownloadProgress progress = new DownloadProgress(console, System.console() != null);
            DownloadStatus last = null;
            while (true) {
                try {
                    last = done.get(progress.interval().toMillis(), TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException stillRunning) {
                    DownloadStatus now = node.downloads().status(object);
                    if (now != null) {
                        progress.show(now);
                    }
                }
            }
            progress.finish();
            Download.Phase phase = last.phase();
            if (phase != Download.Phase.DONE) {
                console.println("get " + object + ": " + last.failure());
                return EXIT_NOT_FOUND;
            }
            Path held = config.stateDir().resolve("content").resolve(object);
            writeOut(held, target);
            console.println(DownloadProgress.summary(last, System.nanoTime() - started, target));
            return 0;
        }
    }

    /**
     * Moves the verified object out of the store to {@code target}, through a temporary name in the
     * same directory: a rename on one filesystem, so a large file is neither copied nor kept twice.
     */
    private static void writeOut(Path held, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.move(held, tmp, StandardCopyOption.REPLACE_EXISTING);
        try {
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
