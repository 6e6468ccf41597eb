package io.cjp2p.node.http;

import io.cjp2p.node.download.Downloads;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /get/<sha256>}: queues a download on the running node; its progress shows in
 * {@code /status.json}. Only loopback clients, and no page of a foreign origin, by the bridge's
 * policy ({@link BrowserBridge#callerRefusal}): a cross-origin form POST needs no preflight, so any
 * page the user opens could otherwise make the node fetch things. (Rust's {@code GET /?get=} is not
 * offered: a GET with side effects is worse still.)
 */
public final class DownloadRequests {
    static final String PREFIX = "/get/";

    private final Downloads downloads;
    private final BrowserBridge policy;
    private final Duration giveUp;

    /**
     * @param policy whose caller check POSTs follow
     * @param giveUp a download fails after this long without a block
     */
    public DownloadRequests(Downloads downloads, BrowserBridge policy, Duration giveUp) {
        this.downloads = downloads;
        this.policy = policy;
        this.giveUp = giveUp;
    }

    static boolean handles(String method, String path) {
        return method.equals("POST") && path.startsWith(PREFIX);
    }

    Response respond(String path, InetSocketAddress remote, String origin) {
        BridgeRefusal refused = policy.callerRefusal(remote, origin);
        if (refused != null) {
            return Response.text(403, "Forbidden", refused == BridgeRefusal.ORIGIN
                    ? "this page's origin may not drive the node (see --ws-allow-origin)\n" : "loopback clients only\n");
        }
        String id = path.substring(PREFIX.length());
        if (!Downloads.validId(id)) {
            return Response.text(400, "Bad Request", "not a SHA-256 id (64 lower-case hex digits)\n");
        }
        try {
            downloads.start(id, List.of(), giveUp);
        } catch (IllegalStateException e) {
            return Response.text(503, "Service Unavailable", e.getMessage() + "\n");
        } catch (IOException e) {
            return Response.text(500, "Internal Server Error", "cannot start the download: " + e.getMessage() + "\n");
        }
        byte[] body = ("{\"id\":\"" + id + "\",\"status\":\"/status.json\"}").getBytes(StandardCharsets.UTF_8);
        return new Response(202, "Accepted", "application/json", Map.of(), body);
    }
}
