package io.cjp2p.node.peer;

import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.Peers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pre-rendered Peers element is byte for byte what the codec writes for the same choice. */
class PeersElementTest {
    private static String wire(Object m) {
        ByteBuf buf = Unpooled.buffer();
        MessageEncoder.encode(List.of((io.cjp2p.codec.Message) m), buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sameBytesAsTheCodecForTheSameChoice() throws Exception {
        PeerTable table = new PeerTable(100);
        InetSocketAddress requester = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5000);
        List<InetSocketAddress> known = List.of(
                new InetSocketAddress(InetAddress.getByName("9.9.9.9"), 24254),
                new InetSocketAddress(InetAddress.getByName("2001:db8::5"), 1),
                new InetSocketAddress(InetAddress.getByName("10.0.0.255"), 65535),
                requester);
        for (InetSocketAddress a : known) {
            table.verified(a, 1);
        }
        table.rebuildHandout(1, 1_000);
        // Four peers, at most 46: all are among the "fastest half", so the choice is deterministic.
        EncodedPeers element = table.selectEncoded(requester, false, PeerTable.MAX_HANDOUT);
        List<InetSocketAddress> chosen = PeerTableTest.select(table, requester, false, PeerTable.MAX_HANDOUT);
        assertEquals(java.util.Set.copyOf(known.subList(0, 3)), java.util.Set.copyOf(chosen), "everyone but the requester");
        assertEquals(3, chosen.size());
        assertEquals(wire(new Peers(chosen)), wire(element), "the codec writes the same bytes for the same choice");
        assertEquals(List.of(new Peers(chosen)), new MessageDecoder().decode(wire(element).getBytes(StandardCharsets.UTF_8)));

        EncodedPeers none = new PeerTable(10).selectEncoded(requester, false, 46);
        assertEquals("[{\"Peers\":{\"peers\":[]}}]", wire(none));
        EncodedPeers one = table.selectEncoded(requester, true, 1);
        assertEquals("[{\"Peers\":{\"peers\":[\"9.9.9.9:24254\"]}}]", wire(one), "public requester, one entry");
    }
}
