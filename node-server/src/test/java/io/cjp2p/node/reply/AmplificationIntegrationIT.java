package io.cjp2p.node.reply;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2x rule over real UDP: a source that never returns our cookie never receives more than twice
 * what it sent (28 header bytes counted on both sides), whatever it sends. The node is given peers
 * first, so that Peers replies are not trivially empty.
 */
class AmplificationIntegrationIT {
    private static Node node;
    private static final List<UdpClient> PEERS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        node = Node.start(NodeConfig.loopback().build());
        for (int i = 1; i <= 50; i++) {
            UdpClient p = new UdpClient(node.localAddress(), InetAddress.getByName("127.0.7." + i)).handshake("peer" + i);
            p.send(p.verified(""));
            PEERS.add(p);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (node.peers().handout().length < 50 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() {
        PEERS.forEach(UdpClient::close);
        node.close();
    }

    static List<String> requests() {
        String big = "y".repeat(2000);
        return List.of(
                "[{\"PleaseSendPeers\":{}}]",
                "[{\"PleaseSendPeers\":[]}]",
                "[{\"PleaseSendPeers\":{}},{\"PleaseSendPeers\":{}},{\"PleaseSendPeers\":{}}]",
                "[{\"PleaseReturnThisMessage\":{\"cookie\":\"1\"}}]",
                "[{\"PleaseReturnThisMessage\":{\"cookie\":\"" + big + "\"}}]",
                "[{\"PleaseReturnThisMessage\":1}]",
                "[{\"PleaseReturnThisMessage\":{\"cookie\":\"a\"}},{\"PleaseReturnThisMessage\":{\"cookie\":\"b\"}}]",
                "[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"d9f2fe5c\"}}]",
                "[{\"PleaseAlwaysReturnThisMessage\":[\"cookie\",\"string\"]}]",
                "[{\"PleaseAlwaysReturnThisMessage\":7}]",
                "[{\"PleaseAlwaysReturnThisMessage\":\"s\"}]",
                "[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"" + big + "\"}}]",
                "[{\"AlwaysReturned\":{\"cookie\":\"0000000000000000\"}}]",
                "[{\"AlwaysReturned\":{\"cookie\":\"x\"}},{\"PleaseSendPeers\":{}}]",
                "[{\"Peers\":{\"peers\":[\"127.0.0.1:1\"]}}]",
                "[{\"ReturnedMessage\":{\"cookie\":\"1.0\"}}]",
                "[{\"PleaseSendPeers\":{}},{\"PleaseReturnThisMessage\":{\"cookie\":\"q\"}},"
                        + "{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"c\"}}]",
                "[{\"PleaseAlwaysReturnThisMessage\":{\"cookie\":\"c\"}},{\"PleaseSendPeers\":{}}]",
                "[{\"Unknown\":{}},{\"PleaseSendPeers\":{}}]",
                "[1,2,3,{\"PleaseSendPeers\":{}}]",
                "[" + "{\"PleaseSendPeers\":{}},".repeat(200) + "{\"PleaseSendPeers\":{}}]",
                "[" + "{\"PleaseReturnThisMessage\":{\"cookie\":\"z\"}},".repeat(300) + "{}]");
    }

    @ParameterizedTest
    @MethodSource("requests")
    void anUnverifiedSourceNeverGetsMoreThanTwiceWhatItSent(String request) throws Exception {
        int requestBytes = request.getBytes(StandardCharsets.UTF_8).length;
        // A fresh source for each request: it has never returned a cookie.
        try (UdpClient c = new UdpClient(node.localAddress(), InetAddress.getByName("127.0.8." + (1 + Math.abs(request.hashCode() % 250))))) {
            c.send(request);
            byte[] reply = c.receiveRaw(2000);
            assertNotNull(reply, "every request here carries a core message and gets a reply: " + request);
            assertTrue(reply.length + 28 <= 2 * (requestBytes + 28),
                    "reply " + reply.length + " B to a " + requestBytes + " B request: "
                            + new String(reply, StandardCharsets.UTF_8));
            String text = new String(reply, StandardCharsets.UTF_8);
            if (request.contains("PleaseSendPeers")) {
                assertTrue(text.contains("\"Peers\""), "a PleaseSendPeers always gets its Peers: " + text);
            }
        }
    }
}
