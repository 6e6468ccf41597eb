package io.cjp2p.node.content;

import io.cjp2p.codec.Content;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.PreEncoded;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A Content reply read from a file: the bytes stay in a buffer this responder reuses and are
 * written as base64 straight into the datagram ({@link MessageEncoder#writeContent}). Valid until
 * the reply it is in has been encoded, which happens within the dispatcher's write.
 */
final class ContentBlock implements PreEncoded {
    static final int MAX_BYTES = 40_960;

    /** Exactly {@link #MAX_BYTES} long, so that a full block is encoded from its array without a copy. */
    final ByteBuf data = Unpooled.buffer(MAX_BYTES, MAX_BYTES);
    private String id;
    private long offset;
    private long eof;

    ContentBlock fill(String id, long offset, long eof) {
        this.id = id;
        this.offset = offset;
        this.eof = eof;
        data.clear();
        return this;
    }

    @Override
    public String type() {
        return Content.TYPE;
    }

    @Override
    public int encodedLength() {
        return MessageEncoder.contentLength(id, offset, data.readableBytes(), eof);
    }

    @Override
    public void writeTo(ByteBuf out) {
        MessageEncoder.writeContent(out, id, offset, data, eof);
    }

    /** As a record, for tests and logs. */
    Content toContent() {
        byte[] bytes = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), bytes);
        return new Content(id, offset, io.cjp2p.codec.ByteString.of(bytes), eof);
    }

    @Override
    public String toString() {
        return "Content[" + id + " @" + offset + " +" + data.readableBytes() + " of " + eof + "]";
    }
}
