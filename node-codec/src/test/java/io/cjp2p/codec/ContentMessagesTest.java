package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.cjp2p.codec.Wire.addr;
import static io.cjp2p.codec.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The content messages (PROTOCOL.md 5.14-5.19): Rust's layout on output, serde's leniency on
 * input, a bad body skipped as {@link SkipReason#BAD_BODY} with the rest of the datagram kept.
 */
class ContentMessagesTest {
    static final String ID = "c3514bf0056180d09376462a7a1b4f213c1d6e8ea67fae5c25099c6fd3d8274b";
    static final String HI = "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4";

    static Stream<Arguments> goldenElements() {
        return Stream.of(
                // PROTOCOL.md 5.14: Rust's field order is id, length, offset
                Arguments.of("{\"PleaseSendContent\":{\"id\":\"" + ID + "\",\"length\":4096,\"offset\":0}}",
                        new PleaseSendContent(ID, 0, 4096)),
                Arguments.of("{\"PleaseSendContent\":{\"id\":\"" + ID + "\",\"length\":40960,\"offset\":9223372036854775807}}",
                        new PleaseSendContent(ID, Long.MAX_VALUE, 40960)),
                // PROTOCOL.md 5.15
                Arguments.of("{\"Content\":{\"id\":\"" + HI + "\",\"offset\":0,\"base64\":\"aGk=\",\"eof\":2}}",
                        new Content(HI, 0, ByteString.parseBase64("aGk="), 2L)),
                // a stream block: no eof
                Arguments.of("{\"Content\":{\"id\":\"stream/x\",\"offset\":4096,\"base64\":\"\"}}",
                        new Content("stream/x", 4096, ByteString.of(new byte[0]), null)),
                Arguments.of("{\"MaybeTheyHaveSome\":{\"id\":\"" + ID + "\",\"peers\":[\"198.51.100.9:24254\",\"[2001:db8::1]:7\"]}}",
                        new MaybeTheyHaveSome(ID, List.of(addr("198.51.100.9", 24254), addr("2001:db8::1", 7)))),
                Arguments.of("{\"MaybeTheyHaveSome\":{\"id\":\"" + ID + "\",\"peers\":[]}}", new MaybeTheyHaveSome(ID, List.of())),
                Arguments.of("{\"PleaseListContent\":{}}", PleaseListContent.INSTANCE),
                // PROTOCOL.md 5.18
                Arguments.of("{\"ContentList\":{\"results\":[[\"d8b778285d0006ac17839bcded0fb9bd5dc9cbc8e869adb7b9bbea31efa8070e\",1048576],"
                                + "[\"blake3/39d0e0e08bda0113b570b2486127fcfaaa18c7c47d389b9ecb27b2b863750671\",2097152]]}}",
                        new ContentList(List.of(
                                new ContentList.Entry("d8b778285d0006ac17839bcded0fb9bd5dc9cbc8e869adb7b9bbea31efa8070e", 1048576),
                                new ContentList.Entry("blake3/39d0e0e08bda0113b570b2486127fcfaaa18c7c47d389b9ecb27b2b863750671", 2097152)))),
                Arguments.of("{\"ContentList\":{\"results\":[]}}", new ContentList(List.of())),
                Arguments.of("{\"IJustSawThis\":{\"id\":\"" + ID + "\",\"length\":1048576}}", new IJustSawThis(ID, 1048576)),
                Arguments.of("{\"YouShouldSeeThis\":{\"id\":\"" + ID + "\",\"length\":0}}",
                        new IJustSawThis(IJustSawThis.YOU_SHOULD_SEE_THIS, ID, 0)));
    }

    @ParameterizedTest
    @MethodSource("goldenElements")
    void encodesExactlyAsRust(String element, Message message) {
        assertArrayEquals(utf8(element), Wire.write(message), () -> Wire.text(Wire.write(message)));
        assertEquals(utf8(element).length, MessageEncoder.encodedLength(message));
    }

    @ParameterizedTest
    @MethodSource("goldenElements")
    void decodesRustsOutput(String element, Message message) {
        Wire.Result r = Wire.decode("[{\"PleaseSendPeers\":{}}," + element + "]");
        assertNull(r.drop());
        assertEquals(List.of(PleaseSendPeers.INSTANCE, message), r.messages());
        assertEquals(List.of(), r.skips());
    }

    static Stream<Arguments> lenientInput() {
        return Stream.of(
                // any field order, unknown fields, serde's array form in declaration order
                Arguments.of("{\"PleaseSendContent\":{\"offset\":8192,\"x\":{\"y\":[1]},\"length\":4096,\"id\":\"" + ID + "\"}}",
                        new PleaseSendContent(ID, 8192, 4096)),
                Arguments.of("{\"PleaseSendContent\":[\"" + ID + "\",4096,8192]}", new PleaseSendContent(ID, 8192, 4096)),
                // base64 without padding; eof null or absent
                Arguments.of("{\"Content\":{\"id\":\"" + HI + "\",\"offset\":0,\"base64\":\"aGk\",\"eof\":null}}",
                        new Content(HI, 0, ByteString.parseBase64("aGk="), null)),
                Arguments.of("{\"Content\":[\"" + HI + "\",0,\"aGk=\"]}", new Content(HI, 0, ByteString.parseBase64("aGk="), null)),
                // JSON escapes inside the base64 (decoded as text, not from the raw bytes)
                Arguments.of("{\"Content\":[\"" + HI + "\",0,\"a\\/8=\"]}", new Content(HI, 0, ByteString.parseBase64("a/8="), null)),
                Arguments.of("{\"Content\":[\"" + HI + "\",0,\"\\u0061Gk=\"]}", new Content(HI, 0, ByteString.parseBase64("aGk="), null)),
                Arguments.of("{\"Content\":[\"" + HI + "\",0,\"AAAAAAAAAAAAAAAAAAAA\\/w==\"]}",
                        new Content(HI, 0, ByteString.parseBase64("AAAAAAAAAAAAAAAAAAAA/w=="), null)),
                // a bad address or entry is skipped, the good ones kept
                Arguments.of("{\"MaybeTheyHaveSome\":{\"id\":\"" + ID + "\",\"peers\":[\"example.org:1\",7,\"1.2.3.4:5\"]}}",
                        new MaybeTheyHaveSome(ID, List.of(addr("1.2.3.4", 5)))),
                Arguments.of("{\"ContentList\":{\"results\":[[\"a\",1,2],[\"b\"],[3,\"c\"],{\"id\":\"d\"},[\"e\",-1],[\"f\",1.5],[\"g\",7]]}}",
                        new ContentList(List.of(new ContentList.Entry("g", 7)))),
                Arguments.of("{\"ContentList\":[[[\"g\",7]]]}", new ContentList(List.of(new ContentList.Entry("g", 7)))),
                Arguments.of("{\"PleaseListContent\":[]}", PleaseListContent.INSTANCE),
                Arguments.of("{\"PleaseListContent\":{\"why\":1}}", PleaseListContent.INSTANCE));
    }

    @ParameterizedTest
    @MethodSource("lenientInput")
    void acceptsSerdesVariants(String element, Message expected) {
        Wire.Result r = Wire.decode("[" + element + "]");
        assertNull(r.drop());
        assertEquals(List.of(expected), r.messages(), element);
        assertEquals(List.of(), r.skips());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"PleaseSendContent\":null}", "{\"PleaseSendContent\":{}}", "{\"PleaseListContent\":7}",
            "{\"PleaseSendContent\":{\"id\":\"" + ID + "\",\"length\":4096}}",
            "{\"PleaseSendContent\":{\"id\":7,\"length\":4096,\"offset\":0}}",
            "{\"PleaseSendContent\":{\"id\":\"" + ID + "\",\"length\":-1,\"offset\":0}}",
            "{\"PleaseSendContent\":{\"id\":\"" + ID + "\",\"length\":4096.0,\"offset\":0}}",
            "{\"PleaseSendContent\":{\"id\":\"" + ID + "\",\"length\":\"4096\",\"offset\":0}}",
            "{\"PleaseSendContent\":{\"id\":\"" + ID + "\",\"length\":4096,\"offset\":18446744073709551615}}",
            "{\"PleaseSendContent\":{\"id\":\"" + ID + "\",\"length\":4096,\"offset\":0,\"offset\":1}}",
            "{\"PleaseSendContent\":[\"" + ID + "\",4096,0,1]}",
            "{\"PleaseSendContent\":{\"id\":\"\\ud800\",\"length\":4096,\"offset\":0}}",
            "{\"Content\":{\"id\":\"" + HI + "\",\"offset\":0,\"eof\":2}}",
            "{\"Content\":{\"id\":\"" + HI + "\",\"offset\":0,\"base64\":\"a-_=\",\"eof\":2}}",
            "{\"Content\":{\"id\":\"" + HI + "\",\"offset\":0,\"base64\":\"aGk=\",\"eof\":-2}}",
            "{\"MaybeTheyHaveSome\":{\"id\":\"" + ID + "\",\"peers\":\"1.2.3.4:5\"}}",
            "{\"MaybeTheyHaveSome\":{\"peers\":[]}}",
            "{\"ContentList\":{\"results\":{}}}", "{\"ContentList\":{}}",
            "{\"IJustSawThis\":{\"id\":\"" + ID + "\"}}"})
    void badBodiesAreSkippedAndTheRestKept(String element) {
        Wire.Result r = Wire.decode("[" + element + ",{\"PleaseSendPeers\":{}}]");
        assertNull(r.drop(), element);
        assertEquals(List.of(PleaseSendPeers.INSTANCE), r.messages(), element);
        assertEquals(List.of(SkipReason.BAD_BODY), r.skips(), element);
    }

    @Test
    void aControlCharacterInsideBase64IsMalformedJson() {
        // the raw-bytes decoding refuses it and leaves it to Jackson, which rejects the datagram as before
        Wire.Result r = Wire.decode("[{\"Content\":{\"id\":\"" + HI + "\",\"offset\":0,\"base64\":\"aG\u0001k=\"}}]");
        assertEquals(DropReason.NOT_JSON, r.drop());
    }

    @Test
    void writeContentFromABufferMatchesTheRecord() {
        Random random = new Random(22);
        // Large after small and small after large: each thread reuses one base64 buffer.
        for (int size : new int[]{0, 1, 2, 3, 4095, 4096, 40960, 4096, 3, 40959, 1}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            // the data in the middle of a larger buffer, as a file read into a pooled buffer would be;
            // filling its own array exactly (a full block); in a direct buffer
            ByteBuf middle = Unpooled.buffer(size + 10).writeZero(5).writeBytes(data).writeZero(5);
            middle.readerIndex(5).writerIndex(5 + size);
            ByteBuf direct = Unpooled.directBuffer(size + 1).writeBytes(data);
            for (ByteBuf source : List.of(middle, Unpooled.wrappedBuffer(data.clone()), direct)) {
                int readerIndex = source.readerIndex();
                ByteBuf out = Unpooled.buffer();
                MessageEncoder.writeContent(out, ID, 4096L * 3, source, 123456789L);
                Content record = new Content(ID, 4096L * 3, ByteString.of(data), 123456789L);
                byte[] written = new byte[out.readableBytes()];
                out.readBytes(written);
                assertArrayEquals(Wire.write(record), written, "size " + size + " from " + source);
                assertEquals(written.length, MessageEncoder.contentLength(ID, 4096L * 3, size, 123456789L));
                assertEquals(readerIndex, source.readerIndex(), "the source is not consumed");
                assertEquals(List.of(record), Wire.decode(Wire.concat(utf8("["), written, utf8("]"))).messages());
            }
            direct.release();
        }
        ByteBuf out = Unpooled.buffer();
        MessageEncoder.writeContent(out, ID, 0, Unpooled.EMPTY_BUFFER, -1);
        assertEquals(MessageEncoder.contentLength(ID, 0, 0, -1), out.readableBytes());
        assertEquals(List.of(new Content(ID, 0, ByteString.of(new byte[0]), null)),
                Wire.decode(Wire.concat(utf8("["), ByteBufToArray.of(out), utf8("]"))).messages());
    }

    @Test
    void aFullBlockFitsRustsSuggestedDatagram() {
        // PROTOCOL.md 1.5: a 4096-byte Content reply is about 5.6 KB and fits 5888 bytes.
        int n = MessageEncoder.contentLength(ID, 1L << 40, 4096, 1L << 41) + 2;
        assertEquals(true, n <= 5888, "datagram of " + n);
    }

    @Test
    void recordsRefuseWhatCouldNotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> new PleaseSendContent(ID, -1, 4096));
        assertThrows(IllegalArgumentException.class, () -> new Content(ID, 0, ByteString.of(new byte[1]), -1L));
        assertThrows(IllegalArgumentException.class, () -> new ContentList.Entry("x", -5));
        assertThrows(IllegalArgumentException.class, () -> new IJustSawThis("Content", ID, 1));
        assertThrows(IllegalArgumentException.class, () -> new PleaseSendContent("\ud800", 0, 1));
    }

    /** Reads a buffer's readable bytes. */
    private static final class ByteBufToArray {
        static byte[] of(ByteBuf b) {
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        }
    }
}
