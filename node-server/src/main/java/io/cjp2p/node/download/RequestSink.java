package io.cjp2p.node.download;

/** Where a download's requests go: PleaseSendContent datagrams in the node, a list in a unit test. */
public interface RequestSink {
    /** Asks {@code source} for {@code length} bytes of {@code id} at {@code offset}. */
    void request(Source source, String id, long offset, int length);

    /** Sends what {@link #request} queued (one flush per burst lets the socket batch them). */
    void flush();
}
