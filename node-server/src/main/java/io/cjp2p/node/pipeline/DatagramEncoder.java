package io.cjp2p.node.pipeline;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;

/**
 * {@link OutboundDatagram} out as a DatagramPacket: the exact size is computed first, so each reply
 * is one pooled direct buffer written once.
 */
@ChannelHandler.Sharable
public final class DatagramEncoder extends MessageToMessageEncoder<OutboundDatagram> {
    private final NodeEvents events;

    public DatagramEncoder(NodeEvents events) {
        super(OutboundDatagram.class);
        this.events = events;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundDatagram datagram, List<Object> out) {
        List<Message> messages = datagram.messages();
        int length = datagram.encodedLength();
        ByteBuf buf = ctx.alloc().directBuffer(length, length);
        MessageEncoder.encode(messages, buf);
        for (int i = 0; i < messages.size(); i++) {
            events.messageSent(MessageType.of(messages.get(i).type()));
        }
        events.datagramSent(length);
        out.add(new DatagramPacket(buf, datagram.recipient()));
    }
}
