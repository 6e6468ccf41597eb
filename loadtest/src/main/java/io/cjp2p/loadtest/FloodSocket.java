package io.cjp2p.loadtest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;

/**
 * One client socket: sends requests, matches replies to them, keeps its outstanding requests in a
 * ring indexed by sequence number. Runs on the flooder's single event loop, so nothing is shared.
 */
final class FloodSocket extends ChannelInboundHandlerAdapter {
    private final int index;
    private final FloodSettings settings;
    private final Stats stats;
    private final ReplyDecoder reply;
    private final byte[] scratch;
    private final byte[] ownCookie;
    /** The content scenario's object id, ASCII; null in the others. */
    private final byte[] contentId;
    private final long[] sentAt;
    private final long[] sequenceAt;
    private final int mask;
    /** Ring slots written since the last flush: their send time is taken at the flush. */
    private int[] unflushed = new int[64];
    private int unflushedCount;

    private Channel channel;
    private byte[] nodeCookie;
    private long nextSequence;
    private long oldest;
    private int outstanding;
    private int junkCounter;
    /** Handshakes sent and not yet answered: a late answer to a retry is not a bad reply. */
    private int pendingHandshakes;
    private boolean sending;
    /** Set once the flood begins; before that, replies are handshake replies. */
    private boolean started;

    FloodSocket(int index, FloodSettings settings, Stats stats, ReplyDecoder decoder, byte[] scratch, int ringSize) {
        this.index = index;
        this.settings = settings;
        this.stats = stats;
        this.reply = decoder;
        this.scratch = scratch;
        this.ownCookie = Requests.ownCookie(index);
        this.contentId = settings.contentId() == null ? null : Requests.ascii(settings.contentId());
        this.sentAt = new long[ringSize];
        this.sequenceAt = new long[ringSize];
        java.util.Arrays.fill(sequenceAt, -1);
        this.mask = ringSize - 1;
    }

    void channel(Channel channel) {
        this.channel = channel;
    }

    boolean hasNodeCookie() {
        return nodeCookie != null;
    }

    void startSending() {
        sending = true;
        started = true;
    }

    void stopSending() {
        sending = false;
    }

    int outstanding() {
        return outstanding;
    }

    /** Sends the first-contact datagram; the reply's PleaseAlwaysReturnThisMessage becomes our key. */
    void sendHandshake() {
        pendingHandshakes++;
        ByteBuf buf = channel.alloc().directBuffer(128);
        buf.writeBytes(Requests.handshake(ownCookie));
        channel.writeAndFlush(new DatagramPacket(buf, settings.target()), channel.voidPromise());
    }

    /** Closed loop: sends until {@code window} requests are outstanding. */
    void topUp() {
        if (!sending || settings.openLoop()) {
            return;
        }
        boolean wrote = false;
        while (outstanding < settings.window() && outstanding < mask) {
            sendOne(System.nanoTime());
            wrote = true;
        }
        if (wrote) {
            flush();
        }
    }

    /** Requests before this sequence were sent during the warm-up: their loss is not measured. */
    private long measuredFrom;

    /** The end of the warm-up, on the flooder's loop. */
    void startMeasuring() {
        measuredFrom = nextSequence;
    }

    private void lost(long seq) {
        if (seq >= measuredFrom) {
            stats.lost();
        }
    }

    /** Writes one datagram (not flushed): a request, or in the junk scenario possibly junk. */
    void sendOne(long now) {
        Scenario s = settings.scenario();
        if (s == Scenario.JUNK && junkCounter++ % Requests.JUNK_PROBE_EVERY != Requests.JUNK_PROBE_EVERY - 1) {
            int kind = (junkCounter + index) % (Requests.JUNK.length + 1);
            ByteBuf buf;
            if (kind == Requests.JUNK.length) {
                buf = channel.alloc().directBuffer(64);
                Requests.freshNames(((long) index << 40) + junkCounter, buf);
            } else {
                byte[] junk = Requests.JUNK[kind];
                buf = channel.alloc().directBuffer(Math.max(1, junk.length));
                buf.writeBytes(junk);
            }
            write(buf, false);
            return;
        }
        long seq = nextSequence++;
        int slot = (int) (seq & mask);
        if (sequenceAt[slot] >= 0) {
            // Open loop outran the ring: the old request is given up.
            lost(sequenceAt[slot]);
            sequenceAt[slot] = -1;
            outstanding--;
        }
        ByteBuf buf = channel.alloc().directBuffer(s.verified() ? 260 + nodeCookie.length : 200);
        if (s == Scenario.CONTENT) {
            Requests.verifiedContent(nodeCookie, ownCookie, contentId, seq % settings.contentBlocks(), seq, buf);
        } else if (s == Scenario.CONTENT_FLOOD) {
            Requests.randomContent(seq, index, buf);
        } else if (s.verified()) {
            Requests.verified(nodeCookie, ownCookie, asksPeers(seq), seq, buf);
        } else {
            Requests.echo(seq, buf);
        }
        sentAt[slot] = now; // replaced by the time of the flush that sends it
        if (unflushedCount == unflushed.length) {
            unflushed = java.util.Arrays.copyOf(unflushed, unflushedCount * 2);
        }
        unflushed[unflushedCount++] = slot;
        sequenceAt[slot] = seq;
        outstanding++;
        write(buf, true);
    }

    private boolean asksPeers(long seq) {
        return settings.scenario() == Scenario.PEERS || settings.scenario() == Scenario.MIXED && (seq & 1) == 0;
    }

    private void write(ByteBuf buf, boolean request) {
        stats.sent(request);
        channel.write(new DatagramPacket(buf, settings.target()), channel.voidPromise());
    }

    /**
     * Sends what was written (one sendmmsg under epoll). The requests' send time is taken here, just
     * before the system call, not when they were written: writing a burst over several sockets takes
     * time that is the flooder's, not the server's.
     */
    void flush() {
        if (unflushedCount > 0) {
            long now = System.nanoTime();
            for (int i = 0; i < unflushedCount; i++) {
                sentAt[unflushed[i]] = now;
            }
            unflushedCount = 0;
        }
        channel.flush();
    }

    /** Counts requests older than the timeout as lost, so a closed loop never starves on UDP loss. */
    void sweep(long now, long timeoutNanos) {
        while (oldest < nextSequence) {
            int slot = (int) (oldest & mask);
            if (sequenceAt[slot] == oldest) {
                if (now - sentAt[slot] < timeoutNanos) {
                    break;
                }
                sequenceAt[slot] = -1;
                outstanding--;
                lost(oldest);
            }
            oldest++;
        }
    }

    /** At the end of the run: whatever is still outstanding is lost. */
    void abandonOutstanding() {
        sweep(Long.MAX_VALUE, 0);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            read(packet.content());
        } finally {
            packet.release();
        }
    }

    private void read(ByteBuf content) {
        long now = System.nanoTime();
        int size = content.readableBytes();
        if (size > scratch.length) {
            stats.bad(new byte[0], 0, "too large");
            return;
        }
        content.getBytes(content.readerIndex(), scratch, 0, size);
        if (!reply.decode(scratch, size)) {
            stats.bad(scratch, size, "does not decode");
            return;
        }
        long seq = reply.sequence;
        if (seq == ReplyDecoder.NO_MATCH && pendingHandshakes > 0) {
            pendingHandshakes--;
            if (nodeCookie == null && reply.cookie() != null) {
                nodeCookie = reply.cookie();
            }
            return; // a handshake reply, possibly to a retry
        }
        if (seq == ReplyDecoder.NO_MATCH && reply.probe) {
            // The node's maintenance probing us, a verified peer: not a reply, and we need not answer.
            stats.probesFromNode++;
            return;
        }
        if (seq < 0 || seq >= nextSequence) {
            stats.bad(scratch, size, "no outstanding request has this sequence");
            return;
        }
        int slot = (int) (seq & mask);
        if (sequenceAt[slot] != seq) {
            // Already answered, or already counted lost.
            if (seq < oldest || seq < nextSequence - mask) {
                stats.lateReplies++;
            } else {
                stats.bad(scratch, size, "answered twice");
            }
            return;
        }
        boolean verified = settings.scenario().verified();
        if (verified && asksPeers(seq) && reply.peers < 0) {
            stats.bad(scratch, size, "no Peers in the answer to PleaseSendPeers");
            return;
        }
        if (settings.scenario() == Scenario.CONTENT && !reply.content) {
            stats.bad(scratch, size, "no Content in the answer to PleaseSendContent");
            return;
        }
        if (verified && !reply.alwaysReturned) {
            stats.bad(scratch, size, "our cookie was not returned");
            return;
        }
        sequenceAt[slot] = -1;
        outstanding--;
        if (seq < measuredFrom) {
            // The answer to a warm-up request: like its loss, its latency (often a warm-up backlog
            // draining) is not measured.
            stats.warmupReplies++;
            return;
        }
        stats.recordReply(now - sentAt[slot], Math.max(0, reply.peers));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        topUp();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable and the like: the run goes on, the error is counted.
        stats.sendErrors++;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }
}
