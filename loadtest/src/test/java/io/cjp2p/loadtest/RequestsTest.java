package io.cjp2p.loadtest;

import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.OtherMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class RequestsTest {
    /** The junk scenario's well-formed datagram: a type and a field name that differ every time. */
    @Test
    void freshNamesAreWellFormedAndCarryTheirNumber() {
        MessageDecoder decoder = new MessageDecoder();
        for (long n : new long[] {0, 7, (3L << 40) + 12_345}) {
            ByteBuf buf = Unpooled.buffer();
            Requests.freshNames(n, buf);
            byte[] datagram = ByteBufUtil.getBytes(buf);
            assertEquals("[{\"J" + n + "\":{\"k" + n + "\":1}}]", new String(datagram, StandardCharsets.US_ASCII));
            OtherMessage m = assertInstanceOf(OtherMessage.class, decoder.decode(datagram).get(0));
            assertEquals("J" + n, m.type());
            assertEquals(1, decoder.decode(datagram).size());
        }
    }
}
