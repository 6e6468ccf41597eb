package io.cjp2p.node.pipeline;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.ReturnedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DatagramEncoderTest {
    private static final InetSocketAddress TO = new InetSocketAddress("127.0.0.1", 4000);

    /** A reply of about 1 KB whose bytes say which one it is. */
    private static List<Message> reply(int n) {
        List<Message> messages = new ArrayList<>();
        messages.add(new ReturnedMessage(RawJson.of("{\"n\":" + n + ",\"pad\":\"" + "x".repeat(1000) + "\"}")));
        return messages;
    }

    private static byte[] expected(List<Message> messages) {
        ByteBuf b = Unpooled.buffer();
        MessageEncoder.encode(messages, b);
        return ByteBufUtil.getBytes(b);
    }

    private static List<DatagramPacket> send(EmbeddedChannel ch, int from, int count) {
        List<DatagramPacket> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ch.writeAndFlush(new OutboundDatagram(TO, reply(i), null));
            out.add(ch.readOutbound());
        }
        return out;
    }

    private static void assertReplies(List<DatagramPacket> packets, int from) {
        for (int i = 0; i < packets.size(); i++) {
            DatagramPacket p = packets.get(i);
            assertEquals(TO, p.recipient());
            assertArrayEquals(expected(reply(from + i)), ByteBufUtil.getBytes(p.content()), "reply " + (from + i));
        }
    }

    @Test
    void repliesStayIntactWhileHeldAndTheBufferIsReusedOnceReleased() {
        EmbeddedChannel ch = new EmbeddedChannel(new DatagramEncoder(NodeEvents.NONE));
        int pastTheSendBuffer = DatagramEncoder.SEND_BUFFER_BYTES / 1000 + 20;
        List<DatagramPacket> held = send(ch, 0, pastTheSendBuffer);
        assertReplies(held, 0); // none was written over by a later one, and the overflow went to pooled buffers
        long start = held.get(0).content().memoryAddress();
        held.forEach(DatagramPacket::release);
        List<DatagramPacket> next = send(ch, 1000, 10);
        assertReplies(next, 1000);
        assertEquals(start, next.get(0).content().memoryAddress(), "filled from the start again");
        next.forEach(DatagramPacket::release);
        ch.finishAndReleaseAll();
    }

    @Test
    void aReplyOneSliceStillHoldsIsNotOverwrittenAfterTheOthersAreReleased() {
        EmbeddedChannel ch = new EmbeddedChannel(new DatagramEncoder(NodeEvents.NONE));
        List<DatagramPacket> first = send(ch, 0, 5);
        for (int i = 1; i < first.size(); i++) {
            first.get(i).release();
        }
        List<DatagramPacket> second = send(ch, 100, 5);
        assertReplies(first.subList(0, 1), 0);
        assertNotEquals(first.get(0).content().memoryAddress(), second.get(0).content().memoryAddress());
        assertReplies(second, 100);
        first.get(0).release();
        second.forEach(DatagramPacket::release);
        ch.finishAndReleaseAll();
    }
}
