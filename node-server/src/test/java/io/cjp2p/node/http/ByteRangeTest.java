package io.cjp2p.node.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ByteRangeTest {
    @Test
    void theThreeFormsOfOneRange() {
        assertEquals(new ByteRange(0, 100), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(new ByteRange(900, 100), ByteRange.parse("bytes=900-", 1000));
        assertEquals(new ByteRange(900, 100), ByteRange.parse("bytes=900-5000", 1000), "clipped to the end");
        assertEquals(new ByteRange(990, 10), ByteRange.parse("bytes=-10", 1000));
        assertEquals(new ByteRange(0, 1000), ByteRange.parse("bytes=-5000", 1000));
    }

    @Test
    void unsatisfiableAndIgnored() {
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=1000-", 1000));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=-0", 1000));
        assertEquals(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=0-", 0));
        for (String ignored : new String[]{null, "", "items=0-1", "bytes=5-1", "bytes=0-1,5-9", "bytes=x-1", "bytes=7",
                "bytes=99999999999999999999-"}) {
            assertNull(ByteRange.parse(ignored, 1000), ignored);
        }
    }

    @Test
    void mediaTypesByExtensionThenBySniffing() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        assertEquals("image/png", MediaTypes.of("c3514b", png, png.length));
        assertEquals("video/mp4", MediaTypes.of("a.MP4", png, png.length), "the extension wins");
        byte[] html = "  <!DOCTYPE html><title>x</title>".getBytes(StandardCharsets.UTF_8);
        assertEquals("text/html; charset=utf-8", MediaTypes.of("id", html, html.length));
        byte[] text = "h\u00e9llo\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("text/plain; charset=utf-8", MediaTypes.of("id", text, text.length));
        byte[] binary = {1, 2, 3, 0};
        assertEquals(MediaTypes.OCTET_STREAM, MediaTypes.of("id", binary, binary.length));
        assertEquals(MediaTypes.OCTET_STREAM, MediaTypes.of("id", new byte[0], 0));
    }
}
