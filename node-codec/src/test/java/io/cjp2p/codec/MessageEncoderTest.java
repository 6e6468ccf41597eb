package io.cjp2p.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.cjp2p.codec.Wire.addr;
import static io.cjp2p.codec.Wire.raw;
import static io.cjp2p.codec.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The encoder's byte output and its length predictions. */
class MessageEncoderTest {

    static Stream<Message> messages() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, (byte) 168, 0, 1};
        InetAddress scoped = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 12);
        List<InetSocketAddress> many = new ArrayList<>();
        for (int i = 0; i < 46; i++) {
            many.add(addr((i * 5) + "." + (i * 3) + ".7." + i, 1 + i * 1000));
        }
        return Stream.of(
                PleaseSendPeers.INSTANCE,
                new Peers(List.of()),
                new Peers(List.of(addr("1.2.3.4", 5))),
                new Peers(List.of(addr("0.0.0.0", 1), addr("255.255.255.255", 65535), addr("10.20.30.40", 10000))),
                new Peers(List.of(addr("2001:db8::5", 24254))),
                new Peers(List.of(addr("203.0.113.54", 24254), addr("2001:db8::5", 24254), addr("::", 9))),
                new Peers(List.of(new InetSocketAddress(Inet6Address.getByAddress(null, mapped, -1), 24254))),
                new Peers(List.of(new InetSocketAddress(scoped, 24254))),
                new Peers(many),
                new PleaseReturnThisMessage(raw("{\"cookie\":\"8123.456789012\"}")),
                new ReturnedMessage(raw("{\"cookie\":\"8123.456789012\"}")),
                new PleaseAlwaysReturnThisMessage(Cookies.body("d9f2fe5c")),
                new AlwaysReturned(Cookies.body("d9f2fe5c")),
                new AlwaysReturned(raw("[\"any\",{\"valid\":\"JSON\"}]")),
                new AlwaysReturned(raw("123")),
                new ReturnedMessage(raw("{ \"sent_at\" : 1.5 }")),
                new PleaseAlwaysReturnThisMessage(Cookies.body("h\u00e9 \ud83d\ude00 \"q\" \\")),
                new PleaseReturnThisMessage(raw("\"\u65e5\u672c\"")),
                new OtherMessage("GetLatest", raw("{\"GetLatest\":{\"ed25519\":\"00ff\"}}")),
                new OtherMessage("Chat", raw("{ \"Chat\" : \"gr\u00fc\u00dfe\" }")));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void encodedLengthEqualsBytesWritten(Message m) {
        byte[] written = Wire.write(m);
        assertEquals(written.length, MessageEncoder.encodedLength(m), () -> Wire.text(written));
        // and the element decodes back to the same message
        Wire.Result r = Wire.decode(Wire.encode(List.of(m)));
        assertNull(r.drop());
        assertEquals(List.of(m instanceof Peers p ? new Peers(p.peers().stream().map(PeerAddress::normalize).toList()) : m),
                r.messages());
    }

    @ParameterizedTest
    @MethodSource("messages")
    void writeAppendsToTheBuffer(Message m) {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeBytes(utf8("prefix"));
            MessageEncoder.write(m, buf);
            assertEquals(6 + MessageEncoder.encodedLength(m), buf.readableBytes());
        } finally {
            buf.release();
        }
    }

    @Test
    void datagramLengthEqualsBytesWrittenForLists() throws Exception {
        List<Message> all = messages().toList();
        assertEquals(2, MessageEncoder.datagramLength(List.of()));
        assertArrayEquals(utf8("[]"), Wire.encode(List.of()));
        for (int n = 1; n <= all.size(); n++) {
            List<Message> prefix = all.subList(0, n);
            byte[] bytes = Wire.encode(prefix);
            assertEquals(bytes.length, MessageEncoder.datagramLength(prefix), "first " + n);
        }
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) {
            List<Message> list = new ArrayList<>();
            for (int k = rnd.nextInt(8); k > 0; k--) {
                list.add(all.get(rnd.nextInt(all.size())));
            }
            assertEquals(Wire.encode(list).length, MessageEncoder.datagramLength(list));
        }
    }

    @Test
    void goldenPeersOutput() {
        assertEquals("{\"Peers\":{\"peers\":[\"203.0.113.54:24254\",\"[2001:db8::5]:24254\"]}}",
                Wire.text(Wire.write(new Peers(List.of(addr("203.0.113.54", 24254), addr("2001:db8::5", 24254))))));
        assertEquals("{\"Peers\":{\"peers\":[]}}", Wire.text(Wire.write(new Peers(List.of()))));
        assertEquals("{\"PleaseSendPeers\":{}}", Wire.text(Wire.write(PleaseSendPeers.INSTANCE)));
    }

    @Test
    void ipv4FastPathEqualsPeerAddressFormat() throws Exception {
        List<InetSocketAddress> samples = new ArrayList<>(List.of(
                addr("0.0.0.0", 1), addr("255.255.255.255", 65535), addr("10.0.0.1", 24254),
                addr("1.22.133.4", 100), addr("100.10.1.0", 9999), addr("9.99.199.255", 10)));
        Random rnd = new Random(42);
        for (int i = 0; i < 3000; i++) {
            byte[] ip = new byte[4];
            rnd.nextBytes(ip);
            int port = switch (i % 5) {
                case 0 -> 1 + rnd.nextInt(9);
                case 1 -> 10 + rnd.nextInt(90);
                case 2 -> 100 + rnd.nextInt(900);
                case 3 -> 1000 + rnd.nextInt(9000);
                default -> 10000 + rnd.nextInt(55536);
            };
            samples.add(new InetSocketAddress(InetAddress.getByAddress(ip), port));
        }
        for (InetSocketAddress a : samples) {
            String expected = "\"" + PeerAddress.format(a) + "\"";
            byte[] element = Wire.write(new Peers(List.of(a)));
            String text = Wire.text(element);
            String written = text.substring("{\"Peers\":{\"peers\":[".length(), text.length() - "]}}".length());
            assertEquals(expected, written);
            assertEquals(expected.length(), MessageEncoder.addressLength(a), expected);
        }
    }

    @Test
    void ipv6AddressLengthMatchesFormat() throws Exception {
        Random rnd = new Random(6);
        for (int i = 0; i < 1000; i++) {
            byte[] ip = new byte[16];
            rnd.nextBytes(ip);
            if (i % 3 == 0) {
                java.util.Arrays.fill(ip, 4, 12, (byte) 0);
            }
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByAddress(ip), 1 + rnd.nextInt(65535));
            assertEquals(PeerAddress.format(a).length() + 2, MessageEncoder.addressLength(a));
        }
    }
}
