package io.cjp2p.node.pipeline;

import io.cjp2p.codec.DecodeObserver;
import io.cjp2p.codec.DecoderLimits;
import io.cjp2p.codec.DropReason;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;
import java.util.ArrayList;

/**
 * DatagramPacket in, {@link InboundDatagram} out. Datagrams the codec rejects (too large, not JSON,
 * not an array, ...) are counted and dropped here; nothing else reaches the rest of the pipeline.
 * {@link SourceFilter}, in front of the limits, has already counted every datagram as received,
 * refused impossible sources and turned IPv4-mapped senders into IPv4.
 *
 * <p>One instance per channel, so its buffers belong to that channel's event loop: the scratch
 * array Jackson parses from (the datagram may be in direct memory), and the message list and the
 * envelope, refilled for each datagram. The pipeline runs each datagram to completion before the
 * next is decoded and no handler keeps the envelope or the list (the records in it are kept, the
 * list is not), so both are valid until then.
 *
 * <p>A plain handler rather than Netty's MessageToMessageDecoder: the HTTP listener's aggregator and
 * WebSocket decoders extend that class too, and once they run, the JIT recompiles its shared
 * channelRead for several receivers instead of inlining this decode; it also saves an output list
 * per datagram.
 */
public final class DatagramDecoder extends ChannelInboundHandlerAdapter {
    private final byte[] scratch = new byte[DecoderLimits.UDP_MAX_PAYLOAD + 1];
    private final ArrayList<Message> messages = new ArrayList<>(16);
    private final InboundDatagram inbound = new InboundDatagram();
    private final MessageDecoder decoder;
    private final NodeEvents events;
    /** Made once: a method reference at the call site would allocate per datagram. */
    private final DecodeObserver skipped;

    public DatagramDecoder(MessageDecoder decoder, NodeEvents events) {
        this.decoder = decoder;
        this.events = events;
        this.skipped = events::elementSkipped;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InboundDatagram decoded;
        try {
            decoded = decode(packet);
        } finally {
            packet.release(); // the bytes were copied into scratch: nothing downstream needs the buffer
        }
        if (decoded != null) {
            ctx.fireChannelRead(decoded);
        }
    }

    /** The decoded envelope, or null when the datagram was dropped (and counted). */
    private InboundDatagram decode(DatagramPacket packet) {
        long now = System.nanoTime();
        ByteBuf content = packet.content();
        int size = content.readableBytes();
        InetSocketAddress sender = packet.sender();
        if (size > decoder.limits().maxDatagramBytes()) {
            events.datagramDropped(DropReason.TOO_LARGE);
            return null;
        }
        content.getBytes(content.readerIndex(), scratch, 0, size);
        messages.clear();
        DropReason reason = decoder.decode(scratch, size, messages, skipped);
        if (reason != null) {
            events.datagramDropped(reason);
            return null;
        }
        return inbound.fill(sender, messages, size, now).raw(scratch);
    }
}
