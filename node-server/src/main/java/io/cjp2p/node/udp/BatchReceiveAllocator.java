package io.cjp2p.node.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

import java.nio.ByteBuffer;

/**
 * The receive buffer for recvmmsg: room for {@code slots} datagrams of {@code slotBytes} each, so
 * one system call reads a whole batch, and every slot is large enough for any UDP payload, so a
 * 60 000-byte datagram in the middle of a batch of small ones still arrives whole. (Epoll's
 * scattering read cuts each datagram to the slot size without telling anyone; small slots would
 * silently truncate large datagrams.)
 *
 * <p>The buffer is allocated once per channel and handed out again on every read: the pipeline runs
 * to completion on the event loop and the decoder copies what it needs, so by the next read every
 * slice of the previous batch has been released. Should something still hold a slice, that read
 * gets a fresh buffer from the channel's allocator instead, so a slow consumer can never see its
 * bytes overwritten.
 *
 * <p>A read burst ends at the first recvmmsg that does not fill every slot: the socket was empty
 * then, so the replies are flushed (readComplete) and what arrives later starts the next burst.
 * Netty would go on calling recvmmsg while each call returns anything, up to
 * {@code maxMessagesPerRead}, and flush only then. Under traffic that arrives evenly rather than in
 * bursts, that loop chases the arrivals a datagram or two per call, and the first replies wait for
 * the last. At 152 000 requests/s spread evenly by the C probe ({@code openloop -s}), the event loop
 * made 8 recvmmsg calls per flush, and the median latency was 46-304 us against 25-33 us with the
 * burst ended early (docs/benchmarks.md, "The ninth look"). Nothing is left behind: epoll is
 * level-triggered, so the loop's next poll returns at once while datagrams remain.
 */
public final class BatchReceiveAllocator extends DefaultMaxMessagesRecvByteBufAllocator {
    private final int slotBytes;
    private final int slots;

    /**
     * @param slotBytes          bytes per datagram slot (at least the largest UDP payload)
     * @param slots              datagrams per recvmmsg
     * @param maxMessagesPerRead datagrams read before the pipeline sees readComplete (and flushes)
     */
    public BatchReceiveAllocator(int slotBytes, int slots, int maxMessagesPerRead) {
        super(maxMessagesPerRead);
        if (slotBytes < 1 || slots < 1) {
            throw new IllegalArgumentException("slotBytes and slots must be positive");
        }
        this.slotBytes = slotBytes;
        this.slots = slots;
    }

    public int slotBytes() {
        return slotBytes;
    }

    public int bufferBytes() {
        return slotBytes * slots;
    }

    @Override
    public Handle newHandle() {
        return new ReusingHandle();
    }

    private final class ReusingHandle extends MaxMessageHandle {
        /**
         * A JDK direct buffer, so that the garbage collector frees it with the channel; Netty never
         * frees memory it did not allocate.
         */
        private final ByteBuf reused = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bufferBytes()));

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            if (reused.refCnt() == 1) {
                // Shares memory and reference count; Netty releases it (and the slices) after the read.
                return reused.retainedDuplicate().clear();
            }
            return alloc.directBuffer(bufferBytes());
        }

        /** As Netty's rule, and only while the last recvmmsg filled every slot. */
        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return lastBytesRead() == attemptedBytesRead() && super.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public int guess() {
            return bufferBytes();
        }
    }
}
