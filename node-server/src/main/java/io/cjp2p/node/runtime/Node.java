package io.cjp2p.node.runtime;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.crypto.Ed25519Keys;
import io.cjp2p.node.identity.KeyFile;
import io.cjp2p.node.identity.KeyFileException;
import io.cjp2p.node.cookie.CookieCheckHandler;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.content.ContentServices;
import io.cjp2p.node.content.ShareIndex;
import io.cjp2p.node.dispatch.DispatchHandler;
import io.cjp2p.node.dispatch.FirstContacts;
import io.cjp2p.node.dispatch.IdentityServices;
import io.cjp2p.node.download.Downloads;
import io.cjp2p.node.limit.CryptoBudget;
import io.cjp2p.node.limit.FirstContactGate;
import io.cjp2p.node.peer.KeyDirectory;
import io.cjp2p.node.maintenance.Maintenance;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.pipeline.DatagramDecoder;
import io.cjp2p.node.pipeline.DatagramEncoder;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.reply.ReplyShaper;
import io.cjp2p.node.state.PeerStore;
import io.cjp2p.node.state.StateDirException;
import io.cjp2p.node.state.StateDirLock;
import io.cjp2p.node.udp.Reachability;
import io.cjp2p.node.udp.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running node: the sockets, the pipeline and the shared state behind it.
 *
 * <p>Pipeline, in processing order: {@link DatagramDecoder} (bytes to messages), {@link
 * CookieCheckHandler} (cookies), {@link DispatchHandler} (answers), {@link ReplyShaper} (2x rule,
 * cookies attached), {@link DatagramEncoder} (messages to bytes). In Netty the encoder sits at the
 * head, since writes travel towards it. {@link NodePipeline} builds it, with the source filter and
 * the abuse limits in front.
 *
 * <p>With a state directory the node is the same node from one run to the next: its key comes from
 * there ({@link KeyFile}), and the peers it knew are saved there and verified again at the next
 * start ({@link PeerStore}). The directory is locked ({@link StateDirLock}) from just after the key
 * is read until the node closes, so a second process on it stops before it changes anything there.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final NodeConfig config;
    private final Ed25519Keys keys;
    private final PeerTable peers;
    private final CandidateSet candidates;
    private final CookieValidator cookies;
    private final Transport transport;
    private final Maintenance maintenance;
    /** {@code null} without a state directory. */
    private final PeerStore store;
    /** {@code null} without a state directory. */
    private final StateDirLock lock;
    private final long startNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final IdentityServices identity;
    private final ContentServices content;
    private final Downloads downloads;
    /** The key directory holds at least this many bindings, however small the peer table. */
    private static final int KEY_DIRECTORY_MIN = 1024;
    /** A download the node resumed (or was asked for over HTTP) gives up after this long without a block. */
    public static final Duration DOWNLOAD_GIVE_UP = Duration.ofMinutes(10);

    private Node(NodeConfig config, NodeEvents events, Ed25519Keys keys, StateDirLock lock) throws Exception {
        this.config = config;
        this.startNanos = System.nanoTime();
        this.keys = keys;
        this.lock = lock;
        this.peers = new PeerTable(config.maxPeers());
        this.candidates = new CandidateSet(config.maxCandidates(), config.probeInterval().toNanos());
        this.cookies = new CookieValidator();
        RoundTripProbes probes = new RoundTripProbes();
        this.identity = new IdentityServices(keys, new KeyDirectory(Math.max(KEY_DIRECTORY_MIN, config.maxPeers())),
                CryptoBudget.defaults(), peers, candidates, cookies, probes, events);
        FirstContacts firstContacts = new FirstContacts(FirstContactGate.defaults(), peers, candidates, events);
        this.content = ContentServices.start(config.shareDirs(), config.stateDir(), ShareIndex.DEFAULT_REFRESH);
        // A verified download goes into the share index, so the node serves it at once.
        this.downloads = new Downloads(config.stateDir(), content.index()::added);
        try {
            this.transport = Transport.bind(config.bindAddress(), config.port(), config.threads(),
                    config.preferNativeTransport(), config.cpus(), config.busyPoll(), config.sendSocket(),
                    new NodePipeline(peers, candidates, cookies, probes, config.limits(), events, identity, content, firstContacts)
                            .downloads(downloads));
        } catch (Exception | Error e) {
            content.close(); // its indexing thread, when the socket cannot be bound
            throw e;
        }
        identity.attach(transport.channels().get(0));
        downloads.attach(transport.channels().get(0), cookies, peers);
        this.maintenance = new Maintenance(transport.channels().get(0), peers, candidates, cookies, probes, config);
        maintenance.identity(identity);
        maintenance.firstContacts(firstContacts);
        if (config.stateDir() != null) {
            SocketAddress local = transport.channels().get(0).localAddress();
            PeerStore.load(config.stateDir(), peers, a -> Reachability.reaches(local, a));
            this.store = PeerStore.start(config.stateDir(), peers, config.peerSaveInterval());
        } else {
            this.store = null;
        }
        maintenance.start();
        int unreachable = maintenance.unreachableBootstrap();
        LOG.info("cjp2p node listening on udp {} ({}, {} socket{}{}{}{}), bootstrap {} peer{}{}, max peers {}, limits {}, "
                        + "public key 0x{}, state {}",
                PeerAddressText.of(localAddress()), transport.isEpoll() ? "epoll" : "nio",
                transport.channels().size(), transport.channels().size() == 1 ? "" : "s",
                config.cpus().isEmpty() ? "" : ", event loops on CPU " + config.cpus(),
                config.busyPoll().isZero() ? "" : ", busy polling " + config.busyPoll().toNanos() / 1000 + " us",
                transport.hasSendOnlySockets() ? ", replies through a send-only socket" : "",
                config.bootstrap().size(), config.bootstrap().size() == 1 ? "" : "s",
                unreachable == 0 ? "" : " (" + unreachable + " of the other address family, skipped)",
                config.maxPeers(), config.limits().enabled() ? "on" : "off", keys.publicHex(),
                config.stateDir() == null ? "none (a key for this run only)" : config.stateDir());
    }

    /**
     * Loads (or makes) the key, binds the sockets, takes the saved peers and starts maintenance.
     *
     * @throws KeyFileException  when the state directory's key file cannot be used (exit status 2)
     * @throws StateDirException when another process holds the state directory (exit status 2)
     */
    public static Node start(NodeConfig config, NodeEvents events) throws Exception {
        if (config.stateDir() == null) {
            return new Node(config, events, Ed25519Keys.generate(new SecureRandom()), null);
        }
        // The key first: a key file we must refuse stops the start before any socket opens, and
        // leaves the directory as it was. Then the lock, before anything there is written.
        Ed25519Keys keys = KeyFile.loadOrCreate(config.stateDir());
        StateDirLock lock = StateDirLock.acquire(config.stateDir());
        try {
            return new Node(config, events, keys, lock);
        } catch (Exception | Error e) {
            lock.close(); // a start that failed holds nothing: the IPv4 fallback locks again
            throw e;
        }
    }

    public static Node start(NodeConfig config) throws Exception {
        return start(config, NodeEvents.NONE);
    }

    public InetSocketAddress localAddress() {
        return transport.localAddress();
    }

    public NodeConfig config() {
        return config;
    }

    /** The node's identity: the key of its state directory, or one made for this run. */
    public Ed25519Keys keys() {
        return keys;
    }

    public PeerTable peers() {
        return peers;
    }

    public CandidateSet candidates() {
        return candidates;
    }

    public CookieValidator cookies() {
        return cookies;
    }

    public Transport transport() {
        return transport;
    }

    /**
     * Resumes the partial downloads an earlier run left in {@code incoming/}, from the peers the node
     * knows. The long-running node does this at start; {@code get} does not (it fetches one id).
     */
    public int resumeDownloads() {
        int resumed = downloads.resumePartials(DOWNLOAD_GIVE_UP);
        if (resumed > 0) {
            LOG.info("resuming {} partial download{} from {}", resumed, resumed == 1 ? "" : "s",
                    config.stateDir().resolve("incoming"));
        }
        return resumed;
    }

    /** The node's downloads (content fetched by id into the state directory). */
    public Downloads downloads() {
        return downloads;
    }

    /** The key directory and sending to a key ({@link IdentityServices#send}), e.g. for a WebSocket bridge. */
    public IdentityServices identity() {
        return identity;
    }

    /** What the node serves: its index, store, tracker and counters. */
    public ContentServices content() {
        return content;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        maintenance.stop();
        downloads.close(); // saves every partial's bitmap for the next start
        transport.close();
        content.close();
        if (store != null) {
            store.close(); // after the sockets: the table no longer changes
        }
        if (lock != null) {
            lock.close(); // last: the directory is ours until the final save is done
        }
        LOG.info("cjp2p node stopped after {} s, {} peers known", (System.nanoTime() - startNanos) / 1_000_000_000L,
                peers.size());
    }

    /** Formats the bound address for the log. */
    private static final class PeerAddressText {
        static String of(InetSocketAddress a) {
            return a.getAddress().isAnyLocalAddress() && a.getAddress() instanceof java.net.Inet6Address
                    ? "[::]:" + a.getPort() : io.cjp2p.codec.PeerAddress.format(a);
        }
    }
}
