package io.cjp2p.node.runtime;

import io.cjp2p.codec.PreEncoded;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A page's Forward as the bridge reads it: the key or address, and the messages exactly as written. */
class ForwardRequestTest {
    private static final String KEY = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";

    private static ForwardRequest parse(String element) {
        return ForwardRequest.parse(element.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(PreEncoded e) {
        ByteBuf b = Unpooled.buffer();
        e.writeTo(b);
        assertEquals(e.encodedLength(), b.readableBytes());
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void toAKeyKeepsTheArrayTextByteForByte() {
        ForwardRequest f = parse("{\"Forward\":{\"sign\":true,\"to_ed25519\":\"0x" + KEY.toUpperCase()
                + "\",\"messages\":[ {\"ChatMessage\":{\"message\":\"h\\u00e9 \\\"x\\\"\"}} ],\"extra\":{\"a\":[1]}}}");
        assertEquals(KEY, f.to().hex());
        assertNull(f.src());
        assertTrue(f.sign());
        assertEquals("[ {\"ChatMessage\":{\"message\":\"h\\u00e9 \\\"x\\\"\"}} ]", f.messages());
    }

    @Test
    void toAnAddressKeepsEachElementVerbatim() {
        ForwardRequest f = parse("{\"Forward\":{\"src\":\"127.0.0.9:4000\",\"messages\":[{ \"A\" : [1, 2] },"
                + "{\"B\":{},\"second\":{\"k\":[{}]}},7,\"s\",[{\"C\":1}],{}]}}");
        assertEquals(new InetSocketAddress("127.0.0.9", 4000), f.src());
        assertNull(f.to());
        assertFalse(f.sign());
        List<PreEncoded> e = f.elements();
        assertEquals(List.of("{ \"A\" : [1, 2] }", "{\"B\":{},\"second\":{\"k\":[{}]}}", "7", "\"s\"", "[{\"C\":1}]", "{}"),
                e.stream().map(ForwardRequestTest::text).toList());
        assertEquals(List.of("A", "B", "other", "other", "other", "other"), e.stream().map(PreEncoded::type).toList());
    }

    @Test
    void aKeyWinsOverAnAddress() {
        ForwardRequest f = parse("{\"Forward\":{\"src\":\"127.0.0.9:4000\",\"to_ed25519\":\"" + KEY + "\",\"messages\":[]}}");
        assertEquals(KEY, f.to().hex());
        assertNull(f.src());
    }

    @Test
    void unusableForwardsAreNull() {
        for (String bad : new String[] {
            "{\"Forward\":{\"to_ed25519\":\"" + KEY + "\"}}",
            "{\"Forward\":{\"to_ed25519\":\"" + KEY + "\",\"messages\":{\"ChatMessage\":{}}}}",
            "{\"Forward\":{\"to_ed25519\":\"" + KEY + "\",\"messages\":\"[]\"}}",
            "{\"Forward\":{\"to_ed25519\":\"abc\",\"messages\":[]}}",
            "{\"Forward\":{\"to_ed25519\":7,\"messages\":[]}}",
            "{\"Forward\":{\"src\":\"not an address\",\"messages\":[]}}",
            "{\"Forward\":{\"messages\":[]}}",
            "{\"Forward\":[]}",
            "{\"Forward\":null}",
        }) {
            assertNull(parse(bad), bad);
        }
    }
}
