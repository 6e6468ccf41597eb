package io.cjp2p.node.runtime;

import io.cjp2p.codec.PeerAddress;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.config.Version;
import io.cjp2p.node.http.HttpServer;
import io.cjp2p.node.identity.KeyFileException;
import io.cjp2p.node.metrics.Observability;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.state.StateDirException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a node until the JVM is told to stop: binds UDP (falling back from {@code ::} to
 * {@code 0.0.0.0} where IPv6 is off), starts the metrics and the HTTP listener (with the browser
 * bridge), and closes both from a shutdown hook, so SIGTERM and Ctrl-C stop it cleanly.
 */
public final class NodeRunner {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRunner.class);

    /** Exit status when a socket cannot be bound. */
    public static final int CANNOT_BIND = 1;
    /** Exit status when the state directory cannot be used (as for a bad flag). */
    public static final int BAD_STATE = 2;

    private NodeRunner() {
    }

    /** Runs until shutdown; returns the process exit status. */
    public static int run(NodeConfig config) throws Exception {
        Observability observability = config.httpPort() == 0 ? null : Observability.create(Version.VALUE);
        NodeEvents events = observability == null ? NodeEvents.NONE : observability.events();
        // The hook is in place before the socket opens, so a SIGTERM that arrives right after the
        // node reports it is listening still stops it cleanly.
        AtomicReference<Node> running = new AtomicReference<>();
        AtomicReference<HttpServer> runningHttp = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            HttpServer h = runningHttp.getAndSet(null);
            if (h != null) {
                h.close();
            }
            Node n = running.getAndSet(null);
            if (n != null) {
                n.close();
            }
            stopped.countDown();
        }, "cjp2p-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Node node;
        try {
            node = startWithFallback(config, events);
        } catch (KeyFileException | StateDirException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            System.err.println("cjp2p-node: " + e.getMessage());
            return BAD_STATE;
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            System.err.println("cjp2p-node: cannot bind udp " + config.bindAddress().getHostAddress() + " port "
                    + config.port() + ": " + e.getMessage());
            return CANNOT_BIND;
        }
        running.set(node);
        node.resumeDownloads();
        if (observability != null) {
            observability.bind(node.peers(), node.candidates(), node.transport());
            observability.bind(node.content());
            observability.bind(node.downloads());
            try {
                runningHttp.set(startHttp(node, observability, config));
            } catch (Exception e) {
                System.err.println("cjp2p-node: cannot bind tcp " + config.httpAddress().getHostAddress() + " port "
                        + config.httpPort() + " for --http-port: " + e.getMessage());
                return CANNOT_BIND; // System.exit runs the hook, which closes the node
            }
        }
        stopped.await();
        return 0;
    }

    /** Binds {@code config}; where {@code ::} fails because IPv6 is off, binds 0.0.0.0 instead. */
    static Node startWithFallback(NodeConfig config, NodeEvents events) throws Exception {
        try {
            return Node.start(config, events);
        } catch (KeyFileException | StateDirException e) {
            throw e; // the key or the directory is refused whatever address we bind
        } catch (Exception e) {
            if (!(config.bindAddress().isAnyLocalAddress() && config.bindAddress() instanceof Inet6Address)) {
                throw e;
            }
            LOG.info("IPv6 unavailable ({}); binding 0.0.0.0 instead", e.getMessage());
            return Node.start(config.toBuilder().bindAddress(InetAddress.getByAddress(new byte[4])).build(), events);
        }
    }

    private static HttpServer startHttp(Node node, Observability observability, NodeConfig config) throws Exception {
        HttpServer http = HttpWiring.start(node, observability, config.httpAddress(), config.httpPort(),
                config.wsAllowOrigins(), Version.VALUE);
        LOG.info("http listener on tcp {}: /metrics, /status.json, /healthz, browser bridge on /wt",
                PeerAddress.format(http.localAddress()));
        return http;
    }
}
