package io.cjp2p.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** JSON string quoting: the escapes it writes, and that a JSON parser reads back the original. */
class JsonTextTest {
    private static String appended(String s) {
        StringBuilder sb = new StringBuilder();
        JsonText.appendQuoted(sb, s);
        return sb.toString();
    }

    private static String written(String s) {
        ByteBuf out = Unpooled.buffer();
        int n = JsonText.writeQuoted(out, s);
        assertEquals(JsonText.quotedLength(s), n, s);
        assertEquals(n, out.readableBytes());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String parsed(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertEquals(JsonToken.VALUE_STRING, p.nextToken(), json);
            return p.getText();
        }
    }

    @Test
    void escapesAsJsonWants() {
        assertEquals("\"a\\u0001\\u001f\\\"\\\\\u00e9\"", appended("a\u0001\u001f\"\\\u00e9"));
        assertEquals("\"a\\u0001\\u001f\\\"\\\\\\u00e9\\u4e2d\\u007f\"", written("a\u0001\u001f\"\\\u00e9\u4e2d\u007f"));
        assertEquals("\"[::1]:7\"", written("[::1]:7"));
    }

    @Test
    void aParserReadsBackTheOriginal() throws IOException {
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            char[] c = new char[random.nextInt(12)];
            for (int k = 0; k < c.length; k++) {
                int kind = random.nextInt(4);
                c[k] = (char) (kind == 0 ? random.nextInt(0x20) : kind == 1 ? 0x20 + random.nextInt(0x60)
                        : kind == 2 ? "\"\\".charAt(random.nextInt(2)) : 0x80 + random.nextInt(0xd700 - 0x80));
            }
            String s = new String(c);
            assertEquals(s, parsed(appended(s)), appended(s));
            assertEquals(s, parsed(written(s)), written(s));
        }
    }
}
