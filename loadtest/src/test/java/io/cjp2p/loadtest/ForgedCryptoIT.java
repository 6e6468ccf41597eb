package io.cjp2p.loadtest;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.metrics.Observability;
import io.cjp2p.node.runtime.Node;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forged-crypto scenario against a real node with its default limits: 40 forging sources send
 * bad signatures and undecryptable EncryptedMessages/FastEncryptedMessages at a moderate rate while
 * one honest client echoes. The node's crypto budget refuses most of the forgeries (its counter
 * rises) and the honest client is still served.
 */
class ForgedCryptoIT {
    private static double counter(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    @Test
    void theCryptoBudgetBoundsForgeriesAndTheHonestClientIsServed() throws Exception {
        Observability metrics = Observability.create("test");
        Node node = Node.start(NodeConfig.loopback().build(), metrics.events());
        try {
            // 41 sockets at 1 000 datagrams/s: the honest one sends about 25 echo requests a second,
            // each forger about 25 forgeries, beyond its budget of 10 curve operations a second. An
            // echo counts as served when answered within 3 s: the test machine may be busy with more
            // than this test, and served late is still served.
            FloodSettings s = new FloodSettings(node.localAddress(), Scenario.FORGED_CRYPTO, 4, 1, 41, 8, 1000,
                    3000, false, 0, false, 0);
            Report r = new Flooder(s, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
            System.out.println(r.text());
            String scrape = metrics.scrape();
            double source = counter(scrape, "cjp2p_identity_events_total{event=\"crypto_budget_source\"}");
            double global = counter(scrape, "cjp2p_identity_events_total{event=\"crypto_budget_global\"}");
            double invalid = counter(scrape, "cjp2p_identity_events_total{event=\"signature_invalid\"}");
            double failed = counter(scrape, "cjp2p_identity_events_total{event=\"decryption_failed\"}");
            System.out.printf("crypto budget refused %.0f (source) + %.0f (global); checked and failed %.0f signatures, "
                    + "%.0f decryptions%n", source, global, invalid, failed);
            assertTrue(r.datagramsSent() > 10 * r.requestsSent(), "mostly forgeries: " + r.text());
            assertTrue(source + global > 0, "the crypto budget refused nothing");
            assertTrue(invalid + failed > 0, "the node never did the curve work: the forgeries are not what they claim");
            assertTrue(r.requestsSent() > 0 && r.loss() <= 0.10, "honest echo share below 90 %: " + r.text());
            assertEquals(0, r.badReplies(), r.text());
        } finally {
            node.close();
            metrics.close();
        }
    }
}
