package io.cjp2p.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
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
 * same messages.
 */
class DecoderFuzzTest {
    private static final MessageDecoder DECODER = new MessageDecoder();

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] data) {
        List<Message> out = new ArrayList<>();
        DropReason reason = DECODER.decode(data, data.length, out, DecodeObserver.IGNORE);
        if (reason != null) {
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
