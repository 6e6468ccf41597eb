package io.cjp2p.node.dispatch;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageEncoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A message array as bytes or text, for what goes inside another message: a signed payload, a plaintext, a Forwarded. */
final class MessageText {
    private MessageText() {
    }

    static byte[] bytes(List<? extends Message> messages) {
        byte[] out = new byte[MessageEncoder.datagramLength(messages)];
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(out);
        buf.writerIndex(0);
        MessageEncoder.encode(messages, buf);
        return out;
    }

    static String text(List<? extends Message> messages) {
        return new String(bytes(messages), StandardCharsets.UTF_8);
    }
}
