package io.cjp2p.node.http;

import java.net.InetSocketAddress;

/** One page connected to the browser bridge. */
public interface BridgeClient {
    /** The page's TCP address (always loopback). */
    InetSocketAddress remoteAddress();

    /**
     * Sends one text frame, from any thread. A client whose unsent frames would pass the bridge's
     * bound is a slow reader and is closed instead.
     */
    void send(String json);
}
