package io.cjp2p.node.dispatch;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.PreEncoded;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One element kept as bytes and written as it is: the parts of our key announcement, rendered once
 * and sent many times, and the elements a browser page asks to send verbatim.
 */
public final class RenderedElement implements PreEncoded {
    private final String type;
    private final byte[] element;

    private RenderedElement(String type, byte[] element) {
        this.type = type;
        this.element = element;
    }

    static RenderedElement of(Message m) {
        byte[] array = MessageText.bytes(List.of(m));
        // [element]: the brackets go
        byte[] element = java.util.Arrays.copyOfRange(array, 1, array.length - 1);
        return new RenderedElement(m.type(), element);
    }

    /**
     * Takes {@code element}, one whole element ({@code {"Type":body}}) as the caller vouches, to be
     * sent byte for byte; not copied.
     */
    public static RenderedElement verbatim(String type, byte[] element) {
        return new RenderedElement(type, element);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int encodedLength() {
        return element.length;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeBytes(element);
    }

    @Override
    public String toString() {
        return new String(element, StandardCharsets.UTF_8);
    }
}
