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

    /**
     * Takes one datagram from the page's budget, the one its frames draw from: a frame pays for
     * itself and its first datagram, each further datagram it asks for pays again.
     *
     * @return false when the page is over its budget: the datagram is not sent
     */
    boolean takeDatagram();
}
