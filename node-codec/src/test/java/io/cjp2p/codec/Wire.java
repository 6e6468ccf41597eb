package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the codec tests. */
final class Wire {
    static final MessageDecoder DECODER = new MessageDecoder();

    private Wire() {
    }

    /**
     * Bytes this thread has allocated so far (HotSpot's exact per-thread counter, which counts every
     * allocation when it happens, not at a collection).
     */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Concatenates byte arrays (for inputs with invalid UTF-8 sequences). */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Whether a strict decoder (REPORT on every error, the JDK's UTF-8 follows the Unicode Standard's table 3-7) takes {@code b}. */
    static boolean isWellFormedUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Whether a strict encoder takes {@code s}: no unpaired surrogate. */
    static boolean isWellFormedUtf16(String s) {
        try {
            StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Fails unless every raw body and element among {@code messages} is well-formed UTF-8, and every
     * type name is text that encodes to it. A name may carry a lone surrogate written as a JSON
     * escape, which is ASCII on the wire; only names whose element has no escape are held to it.
     */
    static void assertOnlyWellFormedUtf8(List<Message> messages, String input) {
        for (Message m : messages) {
            RawJson raw = rawOf(m);
            if (raw != null && !isWellFormedUtf8(raw.toByteArray())) {
                throw new AssertionError("not UTF-8 in " + m.type() + " decoded from " + input);
            }
            if (m instanceof OtherMessage other && other.element().toString().indexOf('\\') < 0
                    && !isWellFormedUtf16(other.type())) {
                throw new AssertionError("type name not UTF-8 text, decoded from " + input);
            }
        }
    }

    /** The bytes a message keeps from the wire (body or whole element), or {@code null}. */
    static RawJson rawOf(Message m) {
        if (m instanceof PleaseReturnThisMessage x) {
            return x.body();
        }
        if (m instanceof ReturnedMessage x) {
            return x.body();
        }
        if (m instanceof PleaseAlwaysReturnThisMessage x) {
            return x.body();
        }
        if (m instanceof AlwaysReturned x) {
            return x.body();
        }
        return m instanceof OtherMessage x ? x.element() : null;
    }

    static byte[] encode(List<? extends Message> messages) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MessageEncoder.encode(messages, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    static byte[] write(Message m) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MessageEncoder.write(m, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** The outcome of one decode call: the drop reason (null = accepted), the messages and the skip reports. */
    record Result(DropReason drop, List<Message> messages, List<SkipReason> skips) {
    }

    static Result decode(byte[] data) {
        return decode(DECODER, data);
    }

    static Result decode(String json) {
        return decode(DECODER, utf8(json));
    }

    static Result decode(MessageDecoder decoder, byte[] data) {
        List<Message> out = new ArrayList<>();
        List<SkipReason> skips = new ArrayList<>();
        DropReason drop = decoder.decode(data, data.length, out, skips::add);
        return new Result(drop, out, skips);
    }

    static InetSocketAddress addr(String ipLiteral, int port) {
        try {
            // A literal: InetAddress.getByName does no lookup for it.
            return new InetSocketAddress(InetAddress.getByName(ipLiteral), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static RawJson raw(String json) {
        return RawJson.of(json);
    }
}
