package io.cjp2p.node.udp;

import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.UncheckedBooleanSupplier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A read burst goes on while each recvmmsg fills every slot, and ends at the first that does not,
 * as epoll's scattering read reports them: bytes attempted for all slots, a slot's size per datagram.
 */
class BatchReceiveAllocatorTest {
    private static final int SLOT = 1_000;
    private static final int SLOTS = 16;

    @Test
    void aFullBatchReadsOnAndAShortOneEndsTheBurst() {
        RecvByteBufAllocator.ExtendedHandle handle = freshHandle(64);
        recvmmsg(handle, SLOTS);
        assertTrue(handle.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER), "all 16 slots filled: read again");
        recvmmsg(handle, SLOTS - 1);
        assertFalse(handle.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER), "15 of 16: the socket was empty");
        handle = freshHandle(64);
        recvmmsg(handle, 1);
        assertFalse(handle.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER), "a lone datagram ends the burst");
    }

    @Test
    void nettysLimitOnMessagesPerReadStillHolds() {
        RecvByteBufAllocator.ExtendedHandle handle = freshHandle(2 * SLOTS);
        recvmmsg(handle, SLOTS);
        assertTrue(handle.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER));
        recvmmsg(handle, SLOTS);
        assertFalse(handle.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER), "32 read of at most 32");
    }

    @Test
    void aReadBurstStartsAfreshAfterReset() {
        RecvByteBufAllocator.ExtendedHandle handle = freshHandle(64);
        recvmmsg(handle, 3);
        assertFalse(handle.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER));
        handle.reset(new EmbeddedChannel().config());
        recvmmsg(handle, SLOTS);
        assertTrue(handle.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER), "the next burst reads on while full");
    }

    private static RecvByteBufAllocator.ExtendedHandle freshHandle(int maxMessagesPerRead) {
        RecvByteBufAllocator.ExtendedHandle handle = new BatchReceiveAllocator(SLOT, SLOTS, maxMessagesPerRead).newHandle();
        handle.reset(new EmbeddedChannel().config());
        return handle;
    }

    /** What EpollDatagramChannel.scatteringRead reports for one recvmmsg that returned {@code received} datagrams. */
    private static void recvmmsg(RecvByteBufAllocator.ExtendedHandle handle, int received) {
        handle.attemptedBytesRead(SLOTS * SLOT);
        handle.lastBytesRead(received * SLOT);
        handle.incMessagesRead(received);
    }
}
