package io.cjp2p.node.pipeline;

import io.cjp2p.codec.DecoderLimits;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.List;

/**
 * {@link OutboundDatagram} out as a DatagramPacket: the exact size is computed first, so each reply
 * is one pooled direct buffer written once.
 *
 * <p>The messages are written into a heap array of the event loop's own and copied into the direct
 * buffer in one piece: a reply is twenty-odd small writes (a Peers list is a few runs, the rest
 * short openings, bodies and commas), and each write into the pooled direct buffer pays for its
 * checks (reference count, bounds, the wrapped chunk's own) where the array takes a plain copy.
 *
 * <p>A plain handler rather than Netty's MessageToMessageEncoder, which the HTTP listener's codecs
 * extend too: sharing its write with them makes the JIT give up inlining this encode once HTTP has
 * run; it also saves an output list per reply.
 */
@ChannelHandler.Sharable
public final class DatagramEncoder extends ChannelOutboundHandlerAdapter {
    private final NodeEvents events;
    private final FastThreadLocal<ByteBuf> scratch = new FastThreadLocal<>() {
        @Override
        protected ByteBuf initialValue() {
            return Unpooled.wrappedBuffer(new byte[DecoderLimits.UDP_MAX_PAYLOAD]);
        }
    };

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
        ByteBuf buf = ctx.alloc().directBuffer(length, length);
        try {
            ByteBuf heap = scratch.get().clear();
            if (length <= heap.capacity()) {
                MessageEncoder.encode(messages, heap);
                buf.writeBytes(heap.array(), heap.arrayOffset(), heap.writerIndex());
            } else {
                MessageEncoder.encode(messages, buf); // larger than UDP allows: the send will fail as before
            }
        } catch (RuntimeException | Error e) {
            buf.release();
            throw e;
        }
        for (int i = 0; i < messages.size(); i++) {
            events.messageSent(MessageType.of(messages.get(i).type()));
        }
        events.datagramSent(length);
        return new DatagramPacket(buf, datagram.recipient());
    }
}
