package io.cjp2p.node.http;

/** What the browser bridge reports, for metrics; called on the listener's event loop unless said otherwise. */
public interface BridgeEvents {
    BridgeEvents NONE = new BridgeEvents() {
        @Override
        public void clientOpened() {
        }

        @Override
        public void clientClosed() {
        }

        @Override
        public void frameReceived() {
        }

        @Override
        public void frameSent() {
        }

        @Override
        public void refused(BridgeRefusal reason) {
        }

        @Override
        public void forwarded(ForwardOutcome outcome) {
        }
    };

    /** A page completed its handshake (and was greeted). */
    void clientOpened();

    /** A page that had opened is gone. */
    void clientClosed();

    /** A text or binary frame arrived, before any check. */
    void frameReceived();

    /** A frame was queued for a page. */
    void frameSent();

    void refused(BridgeRefusal reason);

    /** What became of a page's Forward; called from any thread (a lookup gives up on a maintenance tick). */
    void forwarded(ForwardOutcome outcome);
}
