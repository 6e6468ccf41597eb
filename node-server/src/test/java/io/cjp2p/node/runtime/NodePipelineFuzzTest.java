package io.cjp2p.node.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.pipeline.NodeEvents;
import io.cjp2p.node.reply.AmplificationGuard;
import io.cjp2p.node.support.LogCapture;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.FastThreadLocal;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the whole packet pipeline (the handlers Node installs, via {@link NodePipeline}) on an
 * EmbeddedChannel. The fuzzer picks the sender, whether our valid cookie is prepended (so verified
 * paths are reached), whether limits are on, and the datagram bytes. Without JAZZER_FUZZ (CI) the
 * seed corpus in src/test/resources/io/cjp2p/node/NodePipelineFuzzTestInputs/datagram is replayed.
 *
 * <p>Oracles: nothing is logged at WARN or above (the dispatcher logs escaped exceptions there);
 * the inbound buffer is released; a reply to an unverified datagram obeys the 2x rule; forged
 * sources never enter the peer table.
 */
class NodePipelineFuzzTest {
    private static final InetSocketAddress NODE = new InetSocketAddress("127.0.0.1", 24254);
    private static final InetSocketAddress[] SENDERS = {
        new InetSocketAddress("203.0.113.9", 5555), new InetSocketAddress("127.0.0.1", 24254),
        new InetSocketAddress("::1", 7), new InetSocketAddress("10.1.2.3", 0),
        new InetSocketAddress("224.0.0.1", 9), new InetSocketAddress("2001:db8::5", 24254)};
    private static final LogCapture LOG = LogCapture.of("io.cjp2p");

    @FuzzTest(maxDuration = "60s")
    void datagram(FuzzedDataProvider in) {
        // Each input builds a pipeline, whose decoder keeps a parser in this thread's FastThreadLocal
        // map, and the map keeps every one of them while the thread lives: out of memory after about
        // 15 000 inputs. A node builds its pipeline once.
        FastThreadLocal.removeAll();
        InetSocketAddress sender = SENDERS[in.consumeInt(0, SENDERS.length - 1)];
        boolean withCookie = in.consumeBoolean();
        boolean limits = in.consumeBoolean();
        byte[] body = in.consumeRemainingAsBytes();

        PeerTable peers = new PeerTable(100);
        long now = System.nanoTime();
        peers.verified(new InetSocketAddress("198.51.100.1", 1000), now);
        peers.rebuildHandout(now, 600_000_000_000L);
        CookieValidator cookies = new CookieValidator();
        NodePipeline pipeline = new NodePipeline(peers, new CandidateSet(10, 1), cookies, new RoundTripProbes(),
                limits ? LimitsConfig.DEFAULT : LimitsConfig.OFF, NodeEvents.NONE);
        EmbeddedChannel ch = new EmbeddedChannel();
        pipeline.install(ch.pipeline());

        byte[] datagram = body;
        if (withCookie && body.length > 0 && body[0] == '[') {
            // Put our real cookie first, so the fuzzer reaches the verified paths.
            String ar = "{\"AlwaysReturned\":" + new String(cookies.cookieBodyFor(sender.getAddress()).toByteArray(),
                    StandardCharsets.US_ASCII) + "}" + (body.length > 1 && body[1] != ']' ? "," : "");
            byte[] prefix = ar.getBytes(StandardCharsets.US_ASCII);
            datagram = new byte[body.length + prefix.length];
            datagram[0] = '[';
            System.arraycopy(prefix, 0, datagram, 1, prefix.length);
            System.arraycopy(body, 1, datagram, 1 + prefix.length, body.length - 1);
        }
        if (datagram.length > 65_507) {
            return;
        }
        int warningsBefore = LOG.events().size();
        ByteBuf buf = Unpooled.buffer(datagram.length, 65_536).writeBytes(datagram); // never the shared EMPTY_BUFFER
        ch.writeInbound(new DatagramPacket(buf, NODE, sender));
        assertEquals(0, buf.refCnt(), "the datagram's buffer was released");
        boolean verified = peers.contains(sender);
        DatagramPacket reply;
        while ((reply = ch.readOutbound()) != null) {
            int size = reply.content().readableBytes();
            reply.release();
            assertTrue(size <= 65_507);
            if (!verified) {
                assertTrue(size <= AmplificationGuard.budget(datagram.length),
                        "reply " + size + " to an unverified request of " + datagram.length);
            }
        }
        assertTrue(peers.size() <= 2, "only the preset peer and a cookie-verified sender");
        ch.finishAndReleaseAll();
        List<ILoggingEvent> logged = LOG.events();
        assertTrue(logged.subList(warningsBefore, logged.size()).stream()
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)), () -> "logged: " + logged);
    }
}
