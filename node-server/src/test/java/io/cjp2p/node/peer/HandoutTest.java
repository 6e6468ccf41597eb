package io.cjp2p.node.peer;

import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.Peers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reply written from runs of the joined list carries exactly the peers that choosing them one by
 * one would: the fastest first, then a window of the rest, never the requester, at most the limit.
 */
class HandoutTest {
    /** One for all: each decoder holds a parser per thread for as long as the thread lives. */
    private static final MessageDecoder DECODER = new MessageDecoder();

    /** The choice, one entry at a time: the model the runs must agree with. */
    private static List<InetSocketAddress> model(PeerEntry[] entries, InetSocketAddress requester, int requestedMax, int start) {
        int n = entries.length;
        int fastest = Math.min(n, (requestedMax + 1) / 2);
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < fastest; k++) {
            order.add(k);
        }
        for (int k = 0; k < n - fastest; k++) {
            order.add(fastest + (start + k) % (n - fastest));
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (int k : order) {
            if (out.size() < requestedMax && !entries[k].address().equals(requester)) {
                out.add(entries[k].address());
            }
        }
        return out;
    }

    /** The peers of {@code element} as the codec decodes them, after checking its announced length and count. */
    static List<InetSocketAddress> decoded(EncodedPeers element) {
        ByteBuf buf = Unpooled.buffer();
        MessageEncoder.encode(List.of(element), buf);
        assertEquals(element.encodedLength() + 2, buf.readableBytes(), "the announced length is the written one");
        byte[] wire = new byte[buf.readableBytes()];
        buf.readBytes(wire);
        List<InetSocketAddress> peers = ((Peers) DECODER.decode(wire).get(0)).peers();
        assertEquals(element.count(), peers.size(), "the announced count is the written one");
        return peers;
    }

    private static InetSocketAddress randomAddress(Random r) throws UnknownHostException {
        byte[] ip = new byte[r.nextInt(4) == 0 ? 16 : 4];
        r.nextBytes(ip);
        if (ip.length == 4 && r.nextBoolean()) {
            ip[0] = 127; // short and long entries side by side
        }
        return new InetSocketAddress(InetAddress.getByAddress(ip), 1 + r.nextInt(65535)); // port 0 is not a peer
    }

    @Test
    void everyRunMatchesTheOneByOneChoice() throws Exception {
        Random r = new Random(20261126);
        for (int round = 0; round < 400; round++) {
            int n = r.nextInt(61);
            Set<InetSocketAddress> seen = new HashSet<>();
            List<PeerEntry> list = new ArrayList<>();
            while (list.size() < n) {
                InetSocketAddress a = randomAddress(r);
                if (seen.add(a)) {
                    list.add(new PeerEntry(a, 0));
                }
            }
            PeerEntry[] entries = list.toArray(new PeerEntry[0]);
            Handout handout = new Handout(entries);
            InetSocketAddress requester = n > 0 && r.nextInt(3) > 0 ? entries[r.nextInt(n)].address() : randomAddress(r);
            int requestedMax = new int[] {0, 1, 2, 3, 45, 46, 47, 100}[r.nextInt(8)];
            int rest = n - Math.min(n, (requestedMax + 1) / 2);
            for (int start = 0; start < Math.max(1, rest); start++) {
                assertEquals(model(entries, requester, requestedMax, start),
                        decoded(handout.select(requester, requestedMax, start)),
                        "round " + round + ", " + n + " peers, max " + requestedMax + ", start " + start);
            }
        }
    }

    @Test
    void theRandomWindowIsOneOfTheModelsAndEachComesUp() throws Exception {
        PeerEntry[] entries = new PeerEntry[10];
        for (int k = 0; k < entries.length; k++) {
            entries[k] = new PeerEntry(new InetSocketAddress(InetAddress.getByName("8.8.8." + (k + 1)), 24254), 0);
        }
        Handout handout = new Handout(entries);
        InetSocketAddress requester = entries[7].address();
        // Max 4: the 2 fastest, then 2 from a window over the other 8.
        Set<List<InetSocketAddress>> windows = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            windows.add(decoded(handout.select(requester, 4)));
        }
        Set<List<InetSocketAddress>> models = new HashSet<>();
        for (int start = 0; start < 8; start++) {
            models.add(model(entries, requester, 4, start));
        }
        assertEquals(models, windows, "every window start comes up, and nothing else");
    }

    @Test
    void aPeerWhoseAddressHashesLikeTheRequesterStaysIn() throws Exception {
        // InetSocketAddress hashes as address + port: these two collide.
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("1.2.3.4"), 10);
        InetSocketAddress requester = new InetSocketAddress(InetAddress.getByName("1.2.3.5"), 9);
        assertEquals(peer.hashCode(), requester.hashCode());
        Handout handout = new Handout(new PeerEntry[] {new PeerEntry(peer, 0)});
        assertEquals(List.of(peer), decoded(handout.select(requester, 46)));
        assertTrue(decoded(handout.select(peer, 46)).isEmpty(), "the peer itself is left out");
    }
}
