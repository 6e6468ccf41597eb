package io.cjp2p.node.discovery;

import io.cjp2p.codec.Message;
import io.cjp2p.codec.PleaseReturnThisMessage;
import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.limit.FirstContactGate;
import io.cjp2p.node.support.RunningNode;
import io.cjp2p.node.support.UdpClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a forger gets for a victim: loopback cannot forge a source, so the "forged" askers are many
 * sockets bound to the victim's IP (127.0.0.9), each asking with a lone PleaseSendPeers, again and
 * again, persistently (a second ask more than 5 s after the first). Whatever ports they use, the victim's IP receives one first contact (a lone round-trip nonce) in
 * the minute, beside the 2x-bounded replies.
 */
class FirstContactBoundIT {
    private static boolean isFirstContact(List<Message> m) {
        return m.size() == 1 && m.get(0) instanceof PleaseReturnThisMessage;
    }

    @Test
    void manyAskersOnOneIpGetOneFirstContactAMinute() throws Exception {
        InetAddress victim = InetAddress.getByName("127.0.0.9");
        List<UdpClient> askers = new ArrayList<>();
        try (RunningNode node = new RunningNode(NodeConfig.loopback().tick(Duration.ofMillis(100)).build())) {
            for (int i = 0; i < 20; i++) {
                askers.add(new UdpClient(node.udp(), victim));
            }
            int replies = 0;
            for (int round = 0; round < 5; round++) {
                for (UdpClient a : askers) {
                    a.send("[{\"PleaseSendPeers\":{}}]");
                }
                // After the first round, the gap that makes an asker persistent; after the others,
                // three maintenance ticks, so a queued first contact has gone out.
                Thread.sleep(round == 0 ? FirstContactGate.REPEAT_GAP_NANOS / 1_000_000 + 200 : 300);
            }
            int firstContacts = 0;
            for (UdpClient a : askers) {
                List<Message> m;
                while ((m = a.receive(50)) != null) {
                    if (isFirstContact(m)) {
                        firstContacts++;
                    } else {
                        replies++;
                    }
                }
            }
            assertEquals(1, firstContacts, "first contacts to the victim's IP");
            assertTrue(replies > 0, "the askers were answered");
            double limited = node.scrape().get("cjp2p_identity_events_total{event=\"first_contact_limited\"}");
            assertTrue(limited >= 20, "refused first contacts counted: " + limited);
        } finally {
            askers.forEach(UdpClient::close);
        }
    }
}
