package io.cjp2p.node.dispatch;

import io.cjp2p.codec.RawJson;
import io.cjp2p.node.config.LimitsConfig;
import io.cjp2p.node.cookie.CookieValidator;
import io.cjp2p.node.limit.CryptoBudget;
import io.cjp2p.node.limit.FirstContactGate;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerTable;
import io.cjp2p.node.peer.RoundTripProbes;
import io.cjp2p.node.pipeline.IdentityEvent;
import io.cjp2p.node.runtime.NodePipeline;
import io.cjp2p.node.support.CountingEvents;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discovery through the whole pipeline on an EmbeddedChannel: which unverified datagrams queue a
 * first contact, and what proves an address without our cookie.
 */
class FirstContactDispatchTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 24254);
    private static final long MINUTE = 60_000_000_000L;

    private final CountingEvents events = new CountingEvents();
    private final PeerTable peers = new PeerTable(100);
    private final CandidateSet candidates = new CandidateSet(100, MINUTE);
    private final RoundTripProbes probes = new RoundTripProbes();
    private final FirstContacts contacts = new FirstContacts(
            new FirstContactGate(CryptoBudget.pace(10, 10), 0, 1024, 3, System.nanoTime()), peers, candidates, events);
    private final EmbeddedChannel ch = new EmbeddedChannel();

    FirstContactDispatchTest() {
        new NodePipeline(peers, candidates, new CookieValidator(), probes, LimitsConfig.OFF, events, null, null, contacts)
                .install(ch.pipeline());
    }

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
    }

    private void send(InetSocketAddress from, String text) {
        ch.writeInbound(new DatagramPacket(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), LOCAL, from));
    }

    /** The gate here counts an asker as persistent from its second ask on, whenever it comes. */
    @Test
    void aRepeatedLonePleaseSendPeersQueuesOneFirstContactPerIp() {
        InetSocketAddress ruby = new InetSocketAddress("127.0.0.5", 24257);
        send(ruby, "[{\"PleaseSendPeers\":{}}]");
        assertTrue(contacts.take(10).isEmpty(), "not for a one-shot ask");
        send(ruby, "[{\"PleaseSendPeers\":{}}]");
        send(new InetSocketAddress("127.0.0.5", 24258), "[{\"PleaseSendPeers\":{}}]");
        assertEquals(List.of(ruby), contacts.take(10));
        assertEquals(1, events.identityCount(IdentityEvent.FIRST_CONTACT));
        assertEquals(2, events.identityCount(IdentityEvent.FIRST_CONTACT_LIMITED));
    }

    @Test
    void askersWithACookieOfTheirOwnOrNotAskingForPeersAreLeftBe() {
        for (int twice = 0; twice < 2; twice++) {
            send(new InetSocketAddress("127.0.0.6", 1000),
                    "[{\"PleaseSendPeers\":{}},{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"x\"}}]");
            send(new InetSocketAddress("127.0.0.7", 1000), "[{\"Unknown\":{}}]");
            send(new InetSocketAddress("127.0.0.8", 1000), "[]");
            send(new InetSocketAddress("127.0.0.9", 1000), "[{\"PleaseReturnThisMessage\":{\"n\":1}}]");
        }
        assertTrue(contacts.take(10).isEmpty());
    }

    @Test
    void ourNonceReturnedWithoutOurCookieVerifiesTheSender() {
        InetSocketAddress ruby = new InetSocketAddress("127.0.0.5", 24257);
        RawJson nonce = probes.issue(ruby, System.nanoTime());
        send(new InetSocketAddress("127.0.0.5", 24258), "[{\"ReturnedMessage\":" + nonce + "}]");
        assertFalse(peers.contains(ruby), "from another port");
        send(ruby, "[{\"ReturnedMessage\":{\"cookie\":\"0123456789abcdef\"}}]");
        assertFalse(peers.contains(ruby), "a nonce we never sent");
        send(ruby, "[{\"ReturnedMessage\":" + nonce + "}]");
        assertTrue(peers.contains(ruby));
        assertTrue(peers.get(ruby).rttNanos() >= 0, "and it gave a round trip");
    }

    @Test
    void peersFromAnUnverifiedSenderCountOnlyOnceItProvedItsAddress() {
        InetSocketAddress ruby = new InetSocketAddress("127.0.0.5", 24257);
        String gossip = "[{\"Peers\":{\"peers\":[\"127.0.9.1:24254\",\"127.0.9.2:24254\"]}}]";
        send(ruby, gossip);
        assertEquals(0, candidates.size(), "from a stranger");
        send(ruby, "[{\"ReturnedMessage\":" + probes.issue(ruby, System.nanoTime()) + "}]");
        send(ruby, gossip);
        assertTrue(candidates.size() >= 1, "from a peer that returned our nonce");
    }
}
