package io.cjp2p.node.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

import java.nio.ByteBuffer;

/**
 * The receive buffer for recvmmsg: {@code slots} datagrams per system call, each slot large enough
 * for any UDP payload, since epoll's scattering read silently cuts a datagram to its slot.
 *
 * <p>One buffer per channel is reused on every read: the pipeline runs to completion on the event
 * loop and the decoder copies what it keeps. If a slice of the last batch is still held, that read
 * gets a fresh buffer instead, so nobody's bytes are overwritten.
 *
 * <p>A read burst ends at the first recvmmsg that leaves a slot empty (the socket was drained), so
 * the replies are flushed then rather than after {@code maxMessagesPerRead}: under evenly spread
 * traffic Netty's rule keeps the first replies waiting for the last (docs/benchmarks.md, the gains
 * table: p50 46-50 -> 25-28 us at 152 000/s). Epoll is level-triggered, so anything that arrives
 * later wakes the next poll at once.
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
    public ExtendedHandle newHandle() {
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
