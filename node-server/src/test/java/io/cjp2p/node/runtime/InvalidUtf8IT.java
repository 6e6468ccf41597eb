package io.cjp2p.node.runtime;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ill-formed UTF-8 in an echoed body, over a real socket: the element is skipped, so the node
 * never sends it back; the valid element beside it is still answered.
 */
class InvalidUtf8IT {
    /** Overlong '/', an overlong NUL, a UTF-8-encoded surrogate, a code point above U+10FFFF, a lead byte F5. */
    @ParameterizedTest
    @ValueSource(strings = {"c0af", "e080af", "eda080", "f4908080", "f5808080"})
    void aBodyWithIllFormedUtf8IsNotEchoed(String badHex) throws Exception {
        byte[] bad = HexFormat.of().parseHex(badHex);
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes("[{\"PleaseReturnThisMessage\":{\"cookie\":\"a".getBytes(StandardCharsets.US_ASCII));
        d.writeBytes(bad);
        d.writeBytes("b\"}},{\"PleaseReturnThisMessage\":{\"cookie\":\"valid\"}}]".getBytes(StandardCharsets.US_ASCII));
        try (Node node = Node.start(NodeConfig.loopback().build());
             UdpClient client = new UdpClient(node.localAddress())) {
            client.send(d.toByteArray());
            byte[] reply = client.receiveRaw(3_000);
            assertNotNull(reply, "the valid element is still answered");
            assertDoesNotThrow(() -> strictUtf8(reply), "the reply is well-formed UTF-8");
            String text = new String(reply, StandardCharsets.UTF_8);
            assertTrue(text.contains("{\"ReturnedMessage\":{\"cookie\":\"valid\"}}"), text);
            assertFalse(indexOf(reply, bad) >= 0, "the ill-formed bytes came back: " + text);
        }
    }

    private static void strictUtf8(byte[] bytes) throws CharacterCodingException {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
