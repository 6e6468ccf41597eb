package io.cjp2p.node.http;

import io.cjp2p.node.limit.Pace;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The browser bridge: a WebSocket on {@code /wt} through which local pages talk to the node. Each
 * frame a page sends is a JSON message array, handed to {@link BridgeInbound} like a datagram from
 * a trusted local source; {@link #broadcast} pushes a frame to every page. A page is first greeted
 * with our key: {@code [{"YourEd25519":{"ed25519":"<hex>"}}]}.
 *
 * <p>Only loopback clients, and only pages from a loopback host or an origin the operator allowed
 * ({@link OriginPolicy}), get in. Everything is bounded ({@link Limits}): clients, frame size,
 * frames per second and page (more are dropped), and each page's unsent bytes (a page that does
 * not read is closed, so memory never grows).
 */
public final class BrowserBridge {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserBridge.class);
    private static final long SECOND = 1_000_000_000L;

    /**
     * @param maxClients      pages connected at once
     * @param maxFrameBytes   the largest frame (or fragmented message) a page may send
     * @param maxQueuedBytes  unsent bytes one page may have before it is closed as a slow reader
     * @param framesPerSecond frames one page may send per second, with a burst of one second's worth
     * @param pingInterval    a page silent this long is pinged; silent for another, closed
     */
    public record Limits(int maxClients, int maxFrameBytes, int maxQueuedBytes, int framesPerSecond,
                         Duration pingInterval) {
        public static final Limits DEFAULT = new Limits(16, 1 << 20, 1 << 20, 200, Duration.ofSeconds(30));
    }

    private final OriginPolicy origins;
    /** The greeting, or null for none. */
    private final String greeting;
    private final BridgeInbound inbound;
    private final BridgeEvents events;
    private final Limits limits;
    private final Pace framePace;
    /** Open pages; changed on the listener's loop, read by {@link #broadcast} from any thread. */
    private final List<BridgeConnection> clients = new CopyOnWriteArrayList<>();

    /**
     * @param allowOrigins pages let in besides those served from loopback (--ws-allow-origin)
     * @param ourKeyHex    our Ed25519 public key in hex, for the greeting; null for no greeting
     */
    public BrowserBridge(List<String> allowOrigins, String ourKeyHex, BridgeInbound inbound,
                         BridgeEvents events) {
        this(allowOrigins, ourKeyHex, inbound, events, Limits.DEFAULT);
    }

    public BrowserBridge(List<String> allowOrigins, String ourKeyHex, BridgeInbound inbound,
                         BridgeEvents events, Limits limits) {
        if (ourKeyHex != null && (ourKeyHex.isEmpty() || ourKeyHex.length() % 2 != 0
                || !ourKeyHex.chars().allMatch(HexFormat::isHexDigit))) {
            throw new IllegalArgumentException("our key is not hex");
        }
        this.origins = new OriginPolicy(allowOrigins);
        this.greeting = ourKeyHex == null ? null : "[{\"YourEd25519\":{\"ed25519\":\"" + ourKeyHex + "\"}}]";
        this.inbound = inbound;
        this.events = events;
        this.limits = limits;
        this.framePace = new Pace(limits.framesPerSecond(), SECOND);
    }

    /** Pushes one text frame to every open page, from any thread; a slow reader is closed instead. */
    public void broadcast(String json) {
        if (clients.isEmpty()) {
            return;
        }
        broadcast(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    }

    /** Pushes one text frame (UTF-8 JSON) to every open page, from any thread, and releases it. */
    public void broadcast(ByteBuf frame) {
        try {
            for (BridgeConnection c : clients) {
                c.send(frame.retainedDuplicate());
            }
        } finally {
            frame.release();
        }
    }

    /** Pages connected now. */
    public int clients() {
        return clients.size();
    }

    Limits limits() {
        return limits;
    }

    /** Whether a request target is the bridge's: any path starting with {@code /wt}. */
    static boolean isBridgeTarget(String uri) {
        return uri.startsWith("/wt");
    }

    /** The handler that lets bridge requests in or refuses them; one per connection. */
    ChannelHandler gate(Consumer<Channel> leaveHttp, Duration linger) {
        return new BridgeGate(this, leaveHttp, linger);
    }

    /** Why a request from {@code remote} with this Origin (null: none) may not open the bridge, or null. */
    BridgeRefusal refusal(InetSocketAddress remote, String origin) {
        BridgeRefusal caller = callerRefusal(remote, origin);
        if (caller != null) {
            return caller;
        }
        if (clients.size() >= limits.maxClients()) {
            return BridgeRefusal.TOO_MANY;
        }
        return null;
    }

    /**
     * Whether a client may drive the node at all: on loopback, and no page of a foreign origin. The
     * bridge and every POST (a cross-origin form needs no preflight) ask this one policy.
     */
    BridgeRefusal callerRefusal(InetSocketAddress remote, String origin) {
        if (remote == null || !remote.getAddress().isLoopbackAddress()) {
            return BridgeRefusal.NOT_LOOPBACK;
        }
        return origins.allows(origin) ? null : BridgeRefusal.ORIGIN;
    }

    /** A completed handshake: the page, greeted, or null when the bridge is full. */
    BridgeConnection open(Channel ch) {
        if (clients.size() >= limits.maxClients()) {
            return null; // two handshakes raced past the gate for the last place
        }
        BridgeConnection c = new BridgeConnection(ch, this, framePace);
        clients.add(c);
        events.clientOpened();
        if (greeting != null) {
            c.send(greeting);
        }
        return c;
    }

    void closed(BridgeConnection c) {
        if (clients.remove(c)) {
            events.clientClosed();
        }
    }

    /** One text or binary frame from a page. */
    void received(BridgeConnection c, ByteBuf content) {
        events.frameReceived();
        if (!c.takeFrame(System.nanoTime())) {
            events.refused(BridgeRefusal.RATE_LIMITED);
            return;
        }
        boolean good;
        try {
            good = inbound.fromBrowser(c, ByteBufUtil.getBytes(content));
        } catch (RuntimeException e) {
            // The node's fault, not the page's: log it, keep the page.
            LOG.warn("error handling a browser frame", e);
            good = true;
        }
        if (!good) {
            events.refused(BridgeRefusal.BAD_FRAME);
        }
    }

    void sent() {
        events.frameSent();
    }

    void refused(BridgeRefusal reason) {
        events.refused(reason);
    }
}
