package io.cjp2p.node.reply;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.Peers;
import io.cjp2p.codec.PleaseAlwaysReturnThisMessage;
import io.cjp2p.codec.PleaseSendPeers;
import io.cjp2p.codec.RawJson;
import io.cjp2p.codec.ReturnedMessage;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.metrics.NodeMetrics;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.pipeline.InboundDatagram;
import io.cjp2p.node.pipeline.OutboundDatagram;
import io.cjp2p.node.pipeline.ValidatedDatagram;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The trim counter ({@code cjp2p_replies_trimmed_total}) through the real shaper and the real
 * metrics: every cut counts, including a reply that lost only our own cookie.
 */
class ReplyShaperTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new ReplyShaper(new CookieValidator(), new PeerTable(10), new NodeMetrics(registry)));
    private final InetSocketAddress to = new InetSocketAddress("127.0.0.2", 24254);

    private List<Message> reply(String request, List<Message> requestMessages, List<Message> answers) {
        ValidatedDatagram unverified = new ValidatedDatagram(
                new InboundDatagram(to, requestMessages, request.length(), 0), false, false, null, null);
        channel.writeOutbound(new OutboundDatagram(to, new ArrayList<>(answers), unverified));
        OutboundDatagram out = channel.readOutbound();
        return out.messages();
    }

    private double trimmed() {
        return registry.get("cjp2p.replies.trimmed").functionCounter().count();
    }

    private double trimmedMessages() {
        return registry.get("cjp2p.trimmed.messages").functionCounter().count();
    }

    @Test
    void aReplyThatLostOnlyOurCookieIsCounted() {
        Peers one = new Peers(List.of(new InetSocketAddress("127.0.0.3", 24254)));
        List<Message> sent = reply("[{\"PleaseSendPeers\":{}}]", List.of(PleaseSendPeers.INSTANCE), List.of(one));
        assertEquals(List.of(one), sent, "Peers fits the 76-byte budget, our cookie does not");
        assertEquals(1, trimmed());
        assertEquals(1, trimmedMessages());
    }

    @Test
    void aReplyThatLostNothingIsNotCounted() {
        String request = "[{\"PleaseReturnThisMessage\":{\"cookie\":\"" + "x".repeat(60) + "\"}}]";
        ReturnedMessage answer = new ReturnedMessage(RawJson.of("{\"cookie\":\"" + "x".repeat(60) + "\"}"));
        List<Message> sent = reply(request, List.of(), List.of(answer));
        assertEquals(2, sent.size());
        assertEquals(answer, sent.get(0));
        assertEquals(PleaseAlwaysReturnThisMessage.class, sent.get(1).getClass());
        assertEquals(0, trimmed());
    }
}
