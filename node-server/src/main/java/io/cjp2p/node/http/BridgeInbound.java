package io.cjp2p.node.http;

/** Where the browser bridge hands each frame a page sends: the node, which treats it as trusted local input. */
@FunctionalInterface
public interface BridgeInbound {
    /**
     * Handles one frame, a JSON message array, on the listener's event loop; answers go back
     * through {@code client}.
     *
     * @return false when the frame is no message array (not JSON, not an array, too deep ...): the
     *         bridge counts it as a bad frame and keeps the socket open
     */
    boolean fromBrowser(BridgeClient client, byte[] json);
}
