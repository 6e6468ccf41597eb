package io.cjp2p.loadtest.eclipse;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.http.HttpEndpoints;
import io.cjp2p.node.http.HttpServer;
import io.cjp2p.node.http.StatusReport;
import io.cjp2p.node.runtime.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The eclipse scenario, briefly and small, against a real node on loopback with its limits on and
 * its status page served. It checks that the report is well-formed and adds up, not what share the
 * attacker gets: that depends on the node's defences.
 */
class EclipseIT {
    private static final int MAX_PEERS = 48;
    private static Node node;
    private static HttpServer http;

    @BeforeAll
    static void start() throws Exception {
        node = Node.start(NodeConfig.loopback().maxPeers(MAX_PEERS).build());
        StatusReport status = new StatusReport(node.peers(), node.candidates(), node.localAddress(), "test",
                node.keys().publicHex());
        http = HttpServer.start(InetAddress.getLoopbackAddress(), 0,
                new HttpEndpoints(() -> "", status::render, () -> true));
    }

    @AfterAll
    static void stop() {
        http.close();
        node.close();
    }

    @Test
    void theReportOfAShortEclipseIsConsistent() throws Exception {
        URI statusUrl = URI.create("http://127.0.0.1:" + http.localAddress().getPort() + "/status.json");
        // 12 IPs x 2 ports over two /16s, plus 40 ports on one IP: more attacker sources than the table holds.
        EclipseSettings settings = new EclipseSettings(node.localAddress(), 5, 12, 2, 2, 40, 4, 1, statusUrl, true);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        EclipseReport r = new EclipseRun(settings, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();
        System.out.println(r.text());
        System.out.println(r.json());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("attacker verified"), progress.toString());

        assertEquals(new EclipseReport.Layout(12, 2, 2, 40), r.layout());
        assertTrue(r.attackStartS() >= 0 && r.attackStartS() <= 3.5, "the attacker starts after the honest: " + r.text());
        assertEquals(64, r.attacker().sources());
        assertEquals(4, r.honest().sources());
        assertEquals(4, r.honest().verified(), "every honest source got verified: " + r.text());
        assertTrue(r.attacker().verified() > 0, r.text());
        for (EclipseReport.Sources s : new EclipseReport.Sources[] {r.attacker(), r.honest()}) {
            assertTrue(s.verified() <= s.sources(), r.text());
            assertTrue(s.held() + s.dropped() <= s.verified(), r.text());
        }
        assertTrue(r.heavyVerified() <= 40 && r.heavyVerified() <= r.attacker().verified(), r.text());
        EclipseReport.Traffic traffic = r.traffic();
        assertTrue(traffic.requests() > 0 && traffic.requests() <= traffic.sent(), r.text());
        assertTrue(traffic.answered() > 0 && traffic.answered() <= traffic.requests(), r.text());
        assertTrue(traffic.late() <= traffic.answered() && traffic.unanswered() >= 0, r.text());

        EclipseReport.VerifiedHandouts v = r.verified();
        assertTrue(v.samples() >= 1, "a fresh verified client got a handout: " + r.text());
        assertTrue(v.peersPerHandout() > 0 && v.peersPerHandout() <= 46, r.text());
        for (double share : new double[] {v.attackerMean(), v.attackerMax(), v.attackerLast(), v.honestMean()}) {
            assertTrue(share >= 0 && share <= 1, r.text());
        }
        assertTrue(v.attackerMean() <= v.attackerMax() && v.attackerLast() <= v.attackerMax(), r.text());
        assertTrue(v.attackerMean() + v.honestMean() <= 1 + 1e-9, r.text());
        assertTrue(v.honestSeen() >= 0 && v.honestSeen() <= r.honest().verified(), r.text());

        EclipseReport.UnverifiedHandouts u = r.unverified();
        assertTrue(u.asked() >= 1, r.text());
        assertEquals(u.asked(), u.attacker() + u.honest() + u.other() + u.none());
        assertTrue(u.none() < u.asked(), "some unverified client was handed a peer: " + r.text());
        assertTrue(u.attackerShare() >= 0 && u.attackerShare() <= 1, r.text());

        EclipseReport.Table t = r.table();
        assertTrue(t.samples() >= 1 && t.failures() == 0, r.text());
        // Every verified source of ours, the fresh verified clients too, fits in or is refused by the table.
        assertTrue(t.totalPeers() >= 1 && t.totalPeers() <= MAX_PEERS + 1, r.text());
        assertTrue(t.activePeers() <= t.totalPeers(), r.text());
        for (double share : new double[] {t.activeAttackerMean(), t.activeAttackerLast(), t.attackerMean(),
                t.attackerLast()}) {
            assertTrue(share >= 0 && share <= 1, r.text());
        }
        assertTrue(r.json().startsWith("{\"scenario\":\"eclipse\"") && r.json().contains("\"table_total_peers\":"),
                r.json());
    }
}
