package io.cjp2p.node.dispatch;

import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.crypto.Ed25519Keys;
import io.cjp2p.node.limit.CryptoBudget;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.KeyDirectory;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.pipeline.IdentityEvent;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.runtime.NodePipeline;
import io.cjp2p.node.support.LogCapture;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The node's real pipeline with identity handling, on an EmbeddedChannel, and what it counted and logged. */
final class IdentityChannel implements AutoCloseable {
    static final String KEY1_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String KEY1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String KEY2_SEED = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    static final String KEY2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private static final MessageDecoder DECODER = new MessageDecoder();

    /** One datagram the node sent. */
    record Sent(InetSocketAddress to, String text, List<Message> messages) {
    }

    /** Counts identity events; the rest of the node's events are not needed here. */
    static final class Counts implements NodeEvents {
        private final Map<IdentityEvent, Integer> counts = new EnumMap<>(IdentityEvent.class);

        @Override
        public synchronized void identity(IdentityEvent event) {
            counts.merge(event, 1, Integer::sum);
        }

        synchronized int of(IdentityEvent event) {
            return counts.getOrDefault(event, 0);
        }

        @Override
        public synchronized String toString() {
            return counts.toString();
        }
    }

    final PeerTable peers = new PeerTable(100);
    final CandidateSet candidates = new CandidateSet(100, 60_000_000_000L);
    final CookieValidator cookies = new CookieValidator();
    final RoundTripProbes probes = new RoundTripProbes();
    final Counts events = new Counts();
    final KeyDirectory directory = new KeyDirectory(100);
    final Ed25519Keys keys;
    final IdentityServices identity;
    final EmbeddedChannel ch = new EmbeddedChannel();
    private final LogCapture chatLog = LogCapture.of(ChatLog.class);

    IdentityChannel(Ed25519Keys keys) {
        this(keys, new CryptoBudget(CryptoBudget.pace(1000, 1000), CryptoBudget.pace(1000, 1000),
                CryptoBudget.pace(100_000, 10_000), 1024, 1, System.nanoTime()));
    }

    IdentityChannel(Ed25519Keys keys, CryptoBudget budget) {
        this.keys = keys;
        this.identity = new IdentityServices(keys, directory, budget, peers, candidates, cookies, probes, events);
        new NodePipeline(peers, candidates, cookies, probes, LimitsConfig.OFF, events, identity).install(ch.pipeline());
        identity.attach(ch);
    }

    static Ed25519Keys key1() {
        return Ed25519Keys.fromSeed(HexFormat.of().parseHex(KEY1_SEED));
    }

    static Ed25519Keys key2() {
        return Ed25519Keys.fromSeed(HexFormat.of().parseHex(KEY2_SEED));
    }

    static Ed25519PublicKey pub(Ed25519Keys keys) {
        return Ed25519PublicKey.of(keys.publicKey());
    }

    /** Delivers {@code json} from {@code from} and returns every datagram the node sent in answer. */
    List<Sent> send(InetSocketAddress from, String json) {
        ch.writeInbound(new DatagramPacket(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8),
                new InetSocketAddress("127.0.0.1", 24254), from));
        return sent();
    }

    /** The datagrams the node wrote since the last call. */
    List<Sent> sent() {
        ch.runPendingTasks();
        ch.flushOutbound();
        List<Sent> out = new ArrayList<>();
        DatagramPacket p;
        while ((p = ch.readOutbound()) != null) {
            try {
                byte[] bytes = ByteBufUtil.getBytes(p.content());
                out.add(new Sent(p.recipient(), new String(bytes, StandardCharsets.UTF_8), DECODER.decode(bytes)));
            } finally {
                p.release();
            }
        }
        return out;
    }

    /** The single datagram sent in answer to {@code json}; fails when there is not exactly one. */
    Sent ask(InetSocketAddress from, String json) {
        List<Sent> s = send(from, json);
        if (s.size() != 1) {
            throw new AssertionError("expected one reply to " + json + ", got " + s);
        }
        return s.get(0);
    }

    /** One element as the codec writes it, {@code {"Type":body}}. */
    static String element(Message m) {
        String array = MessageText.text(List.of(m));
        return array.substring(1, array.length() - 1);
    }

    /** Our cookie body for {@code a}'s IP, as the node issues it. */
    String cookieFor(InetSocketAddress a) {
        return cookies.cookieBodyFor(a.getAddress()).toString();
    }

    /** An AlwaysReturned element carrying our cookie for {@code a}: it verifies a datagram from there. */
    String returned(InetSocketAddress a) {
        return "{\"AlwaysReturned\":" + cookieFor(a) + "}";
    }

    /** The chat lines logged so far. */
    List<String> chatLines() {
        return chatLog.messages();
    }

    @Override
    public void close() {
        chatLog.close();
        ch.finishAndReleaseAll();
    }
}
