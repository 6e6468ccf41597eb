package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;

/**
 * An element its sender rendered ahead of time, written into the datagram as it is. The codec
 * never decodes one: it is how a server sends a message it answers often (a Peers list kept in
 * wire form) without assembling it for every reply.
 */
public non-sealed interface PreEncoded extends Message {

    /** The exact number of bytes {@link #writeTo} writes: the whole element, {@code {"Type":body}}. */
    int encodedLength();

    /** Writes the element. */
    void writeTo(ByteBuf out);
}
