package io.cjp2p.loadtest.jmh;

import io.cjp2p.codec.AlwaysReturned;
import io.cjp2p.codec.ByteString;
import io.cjp2p.codec.DecodeObserver;
import io.cjp2p.codec.Ed25519PublicKey;
import io.cjp2p.codec.Message;
import io.cjp2p.codec.MessageDecoder;
import io.cjp2p.codec.MessageEncoder;
import io.cjp2p.codec.MyPublicKey;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.ReturnedMessage;
import io.cjp2p.codec.SignedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decode and encode cost of one datagram per message type, in ns/op. Each datagram holds one
 * message of the type, as the node sees them; {@code Peers46} is a full verified Peers reply and
 * {@code PeersRequest} the benchmark's verified request for peers (four core messages),
 * {@code RustProbe} what a Rust node sends a peer it probes (led by a SignedMessage and its key).
 *
 * <p>Run: {@code mvn -q -pl loadtest -am -Pjmh -DskipTests package && java -jar loadtest/target/loadtest-jmh.jar}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    @Param({"PleaseSendPeers", "Peers46", "PleaseReturnThisMessage", "ReturnedMessage",
            "PleaseAlwaysReturnThisMessage", "AlwaysReturned", "PeersRequest", "RustProbe"})
    public String type;

    private final MessageDecoder decoder = new MessageDecoder();
    private final List<Message> out = new ArrayList<>(4);
    private byte[] wire;
    private List<Message> messages;
    private ByteBuf buf;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        RawJson cookie = RawJson.of("{\"cookie\":\"0123456789abcdef\"}");
        RawJson echo = RawJson.of("{\"n\":1234567}");
        Message m = switch (type) {
            case "PleaseSendPeers" -> PleaseSendPeers.INSTANCE;
            case "Peers46" -> {
                List<InetSocketAddress> peers = new ArrayList<>();
                for (int i = 0; i < 46; i++) {
                    peers.add(new InetSocketAddress(InetAddress.getByAddress(
                            new byte[] {(byte) 203, 0, (byte) 113, (byte) (i + 1)}), 24254 + i));
                }
                yield new Peers(peers);
            }
            case "PleaseReturnThisMessage" -> new PleaseReturnThisMessage(echo);
            case "ReturnedMessage" -> new ReturnedMessage(echo);
            case "PleaseAlwaysReturnThisMessage" -> new PleaseAlwaysReturnThisMessage(cookie);
            case "AlwaysReturned", "PeersRequest", "RustProbe" -> new AlwaysReturned(cookie);
            default -> throw new IllegalArgumentException(type);
        };
        RawJson ownCookie = RawJson.of("\"0123456789abcdef0123456789abcdef\"");
        Ed25519PublicKey key = Ed25519PublicKey.of(new byte[Ed25519PublicKey.BYTES]);
        messages = switch (type) {
            case "PeersRequest" -> List.of(m, PleaseSendPeers.INSTANCE, new PleaseReturnThisMessage(echo),
                    new PleaseAlwaysReturnThisMessage(ownCookie));
            case "RustProbe" -> List.of(
                    SignedMessage.ofJson(key, ByteString.of(new byte[SignedMessage.SIGNATURE_BYTES]),
                            "[{\"AlwaysReturned\":{\"cookie\":\"0123456789abcdef\"}}]"),
                    new MyPublicKey(key, null), PleaseSendPeers.INSTANCE, new PleaseReturnThisMessage(echo), m,
                    new PleaseAlwaysReturnThisMessage(ownCookie));
            default -> List.of(m);
        };
        int length = MessageEncoder.datagramLength(messages);
        buf = PooledByteBufAllocator.DEFAULT.directBuffer(length, length);
        MessageEncoder.encode(messages, buf);
        wire = new byte[length];
        buf.getBytes(0, wire);
        if (decoder.decode(wire).size() != messages.size()) {
            throw new IllegalStateException("does not round-trip: " + new String(wire, StandardCharsets.UTF_8));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buf.release();
    }

    @Benchmark
    public int decode() {
        out.clear();
        decoder.decode(wire, wire.length, out, DecodeObserver.IGNORE);
        return out.size();
    }

    /** Size computation plus the write, as the node's encoder does for every reply. */
    @Benchmark
    public int encode() {
        buf.clear();
        MessageEncoder.datagramLength(messages);
        MessageEncoder.encode(messages, buf);
        return buf.writerIndex();
    }
}
