package io.cjp2p.loadtest.conformance;

import java.net.InetSocketAddress;

/**
 * One run of the conformance kit.
 *
 * @param target    the node under test
 * @param timeoutMs how long one try waits for a reply
 * @param tries     sends of a request before it counts as unanswered (UDP may lose any datagram)
 */
public record KitSettings(InetSocketAddress target, int timeoutMs, int tries) {
    public static final int MIN_TIMEOUT_MS = 50;
    public static final int MAX_TIMEOUT_MS = 10_000;
    public static final int MAX_TRIES = 10;

    public KitSettings {
        if (timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException("--timeout-ms must be in " + MIN_TIMEOUT_MS + ".." + MAX_TIMEOUT_MS);
        }
        if (tries < 1 || tries > MAX_TRIES) {
            throw new IllegalArgumentException("--tries must be in 1.." + MAX_TRIES);
        }
    }
}
