package io.cjp2p.loadtest;

import java.net.InetSocketAddress;

/**
 * One flooder run.
 *
 * @param target      where to send (loopback unless the user allowed otherwise)
 * @param scenario    what to send
 * @param durationS   measured seconds, after the warm-up
 * @param warmupS     seconds of traffic before measuring (JIT, caches, peer table)
 * @param sockets     client sockets
 * @param window      outstanding requests per socket (closed loop)
 * @param rate        open-loop datagrams per second over all sockets; 0 = closed loop
 * @param timeoutMs   a request unanswered this long counts as lost
 * @param rawEcho     the target is a plain byte echo (the C floor): a reply is the request itself
 * @param seedPeers   extra sources that complete the handshake before the run, so Peers replies are full
 * @param progress    print a progress line every second (to stderr)
 * @param serverPid   the server's process id, to report its CPU time per reply; 0 for none
 * @param contentId   the object the content scenario asks for (64 hex, held by the target); null otherwise
 * @param contentBlocks how many 4096-byte blocks from the start the content scenario cycles over
 */
public record FloodSettings(InetSocketAddress target, Scenario scenario, int durationS, int warmupS, int sockets,
                            int window, int rate, int timeoutMs, boolean rawEcho, int seedPeers, boolean progress,
                            long serverPid, String contentId, int contentBlocks) {
    /** Blocks the content scenario cycles over unless told otherwise: the first MiB. */
    public static final int DEFAULT_CONTENT_BLOCKS = 256;

    /** A run of a scenario that asks for no content. */
    public FloodSettings(InetSocketAddress target, Scenario scenario, int durationS, int warmupS, int sockets,
                         int window, int rate, int timeoutMs, boolean rawEcho, int seedPeers, boolean progress,
                         long serverPid) {
        this(target, scenario, durationS, warmupS, sockets, window, rate, timeoutMs, rawEcho, seedPeers, progress,
                serverPid, null, DEFAULT_CONTENT_BLOCKS);
    }

    public FloodSettings {
        if (scenario == Scenario.CONTENT && (contentId == null || !contentId.matches("[0-9a-f]{64}"))) {
            throw new IllegalArgumentException("--scenario content needs --content-id, the 64 hex id of an object "
                    + "the target shares");
        }
        if (contentBlocks < 1) {
            throw new IllegalArgumentException("--content-blocks must be at least 1");
        }
        if (scenario == Scenario.ECLIPSE) {
            throw new IllegalArgumentException("the eclipse scenario is not a flood: it runs with EclipseSettings");
        }
        if (durationS < 1) {
            throw new IllegalArgumentException("--duration must be at least 1 second");
        }
        if (warmupS < 0) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (sockets < 1 || sockets > 4096) {
            throw new IllegalArgumentException("--sockets must be between 1 and 4096");
        }
        if (window < 1 || window > 4096) {
            throw new IllegalArgumentException("--window must be between 1 and 4096");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must not be negative");
        }
        if (timeoutMs < 10) {
            throw new IllegalArgumentException("--timeout-ms must be at least 10");
        }
        if (seedPeers < 0 || seedPeers > 1000) {
            throw new IllegalArgumentException("--seed-peers must be between 0 and 1000");
        }
    }

    public boolean openLoop() {
        return rate > 0;
    }
}
