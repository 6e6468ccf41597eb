package io.cjp2p.node.download;

import java.net.InetSocketAddress;

/**
 * One address a download asks for blocks: its congestion window, round-trip estimate, the
 * requests it has outstanding in the order they were sent, and what it delivered. Also the cookie
 * it asked us to return, which the sender attaches so that the source sends full blocks.
 */
public final class Source {
    /** Outstanding requests remembered per source; more than the largest window, for stale entries. */
    static final int RING = 2048;
    /** Blocks in one request to a source that answers several at once: 40 960 bytes, our nodes' cap. */
    static final int LARGE_REQUEST_BLOCKS = 10;

    final int index;
    final InetSocketAddress address;
    final CongestionWindow window = new CongestionWindow();
    final RttEstimator rtt = new RttEstimator();
    /** Blocks requested, in send order, with their send times; entries go stale when answered elsewhere. */
    final int[] ringBlock = new int[RING];
    final long[] ringSent = new long[RING];
    int ringHead;
    int ringSize;
    int inflight;
    /** Send time of the latest-sent request answered: anything sent well before it and unanswered is lost. */
    long latestDeliveredSent = Long.MIN_VALUE;
    long lastHeardNanos = Long.MIN_VALUE;
    long lastProbeNanos;
    /** Until then no other source's request is old enough to be asked of this one ({@code Download.steal}). */
    long noStealBeforeNanos = Long.MIN_VALUE;
    boolean probed;
    long blocksDelivered;
    long bytesDelivered;
    long losses;
    int consecutiveTimeouts;
    int consecutiveShort;
    boolean answered;
    /** Blocks asked per request: more only where a ~55 KB datagram is not split into IP fragments on the way. */
    int requestBlocks = 1;
    boolean dropped;
    /** Why it was dropped, for the log and the summary. */
    String dropReason;

    /** The cookie this source asked us to return (its PleaseAlwaysReturnThisMessage body), or null. */
    private volatile Object cookie;
    /** Whether it returned our cookie, so sending ours again is pointless. */
    private volatile boolean returnedOurs;

    Source(int index, InetSocketAddress address) {
        this.index = index;
        this.address = address;
    }

    /**
     * Whether to try multi-block requests: on loopback and private networks only, where a 55 KB
     * answer is not fragmented over many hops (one lost fragment loses all of it). A server that
     * answers fewer blocks shows it in its first answer, and is asked one block at a time after.
     */
    boolean mayAskLarge() {
        java.net.InetAddress a = address.getAddress();
        return a.isLoopbackAddress() || a.isSiteLocalAddress();
    }

    public InetSocketAddress address() {
        return address;
    }

    public Object cookie() {
        return cookie;
    }

    public void cookie(Object value) {
        this.cookie = value;
    }

    public boolean returnedOurs() {
        return returnedOurs;
    }

    public void returnedOurs(boolean value) {
        this.returnedOurs = value;
    }

    public boolean dropped() {
        return dropped;
    }

    /** Whether this source ever sent a block of the object. */
    public boolean answered() {
        return answered;
    }

    /** Requests this source may have outstanding now. */
    int allowed() {
        return window.allowed();
    }

    public long blocksDelivered() {
        return blocksDelivered;
    }

    public long losses() {
        return losses;
    }

    public double windowSize() {
        return window.window();
    }

    public long srttNanos() {
        return rtt.srttNanos();
    }

    void push(int block, long sentNanos) {
        int tail = (ringHead + ringSize) % RING;
        ringBlock[tail] = block;
        ringSent[tail] = sentNanos;
        ringSize++;
    }

    void pop() {
        ringHead = (ringHead + 1) % RING;
        ringSize--;
    }

    boolean ringFull() {
        return ringSize == RING;
    }

    @Override
    public String toString() {
        return address + (dropped ? " (dropped: " + dropReason + ")" : "");
    }
}
