package io.cjp2p.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the decoder with Jazzer. Without JAZZER_FUZZ set (CI) this runs the checked-in seed corpus
 * under src/test/resources/io/cjp2p/codec/DecoderFuzzTestInputs/decode as a regression test; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs/robustness.md).
 *
 * <p>Oracles: no exception escapes; a dropped datagram yields no messages; an accepted one hands
 * out only well-formed UTF-8 and re-encodes (with an exact length) into bytes that decode to the
 * same messages; and the answer is the same with Jackson alone ({@link CoreMessageScanner} off).
 */
class DecoderFuzzTest {
    private static final MessageDecoder DECODER = new MessageDecoder();
    private static final MessageDecoder JACKSON_ONLY = new MessageDecoder(DecoderLimits.DEFAULT, false);

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] data) {
        Wire.Result answer = Wire.decode(DECODER, data);
        assertEquals(Wire.decode(JACKSON_ONLY, data), answer);
        List<Message> out = answer.messages();
        if (answer.drop() != null) {
            assertTrue(out.isEmpty());
            return;
        }
        Wire.assertOnlyWellFormedUtf8(out, Arrays.toString(data));
        ByteBuf buf = Unpooled.buffer();
        MessageEncoder.encode(out, buf);
        assertEquals(MessageEncoder.datagramLength(out), buf.readableBytes());
        byte[] again = new byte[buf.readableBytes()];
        buf.readBytes(again);
        assertTrue(Wire.isWellFormedUtf8(again));
        assertEquals(out, DECODER.decode(again));
    }
}
