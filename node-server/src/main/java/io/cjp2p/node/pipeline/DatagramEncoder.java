package io.cjp2p.node.pipeline;

import io.cjp2p.codec.DecoderLimits;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@link OutboundDatagram} out as a DatagramPacket: the exact size is computed first, so each reply
 * is written once.
 *
 * <p>The messages are written into a heap array of this channel's own and copied into the direct
 * memory the kernel sends from in one piece: a reply is twenty-odd small writes (a Peers list is a
 * few runs, the rest short openings, bodies and commas), and each write into direct memory pays for
 * its checks (reference count, bounds, the wrapped chunk's own) where the array takes a plain copy.
 *
 * <p>That direct memory is a buffer of this channel's own, reused: the replies of a read burst are
 * laid one after the other and sent as slices of it, and once every slice has been sent and
 * released it is filled from the start again. So the replies are copied into memory that is still in
 * the cache, the kernel reads them from there, and no pooled buffer is taken per reply. When it is
 * full, or a slice is still held (a send the socket could not take yet), a reply takes a pooled
 * buffer as before.
 *
 * <p>A plain handler rather than Netty's MessageToMessageEncoder, which the HTTP listener's codecs
 * extend too: sharing its write with them makes the JIT give up inlining this encode once HTTP has
 * run; it also saves an output list per reply.
 *
 * <p>One instance per channel: the array and the direct buffer belong to that channel's event loop,
 * where Netty runs every write.
 */
public final class DatagramEncoder extends ChannelOutboundHandlerAdapter {
    /** Room for a read burst of full Peers replies (64 of about 1.3 KB), small enough to stay in the cache. */
    static final int SEND_BUFFER_BYTES = 128 * 1024;

    private final NodeEvents events;
    private final byte[] scratchArray = new byte[DecoderLimits.UDP_MAX_PAYLOAD];
    private final ByteBuf scratch = Unpooled.wrappedBuffer(scratchArray);
    /**
     * A JDK direct buffer, so that the garbage collector frees it with the channel; Netty never frees
     * memory it did not allocate. Its reference count is 1 plus the slices not yet sent.
     */
    private final ByteBuf sendBuffer = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(SEND_BUFFER_BYTES));
    /** Bytes of {@link #sendBuffer} in use by slices that may not have been sent yet. */
    private int sendBufferUsed;

    public DatagramEncoder(NodeEvents events) {
        this.events = events;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof OutboundDatagram datagram) {
            ctx.write(encode(ctx, datagram), promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    private DatagramPacket encode(ChannelHandlerContext ctx, OutboundDatagram datagram) {
        List<Message> messages = datagram.messages();
        int length = datagram.encodedLength();
        ByteBuf buf;
        if (length <= scratchArray.length) {
            ByteBuf heap = scratch.clear();
            MessageEncoder.encode(messages, heap);
            buf = copyOut(ctx, heap.writerIndex());
        } else {
            buf = ctx.alloc().directBuffer(length, length);
            try {
                MessageEncoder.encode(messages, buf); // larger than UDP allows: the send will fail as before
            } catch (RuntimeException | Error e) {
                buf.release();
                throw e;
            }
        }
        for (int i = 0; i < messages.size(); i++) {
            events.messageSent(MessageType.of(messages.get(i).type()));
        }
        events.datagramSent(length);
        return new DatagramPacket(buf, datagram.recipient());
    }

    /** The first {@code length} bytes of the scratch array, in a slice of the send buffer or a pooled buffer. */
    private ByteBuf copyOut(ChannelHandlerContext ctx, int length) {
        if (sendBuffer.refCnt() == 1) {
            sendBufferUsed = 0; // every slice was sent and released
        }
        if (length <= SEND_BUFFER_BYTES - sendBufferUsed) {
            int at = sendBufferUsed;
            sendBuffer.setBytes(at, scratchArray, 0, length);
            sendBufferUsed = at + length;
            return sendBuffer.retainedSlice(at, length);
        }
        return ctx.alloc().directBuffer(length, length).writeBytes(scratchArray, 0, length);
    }
}
