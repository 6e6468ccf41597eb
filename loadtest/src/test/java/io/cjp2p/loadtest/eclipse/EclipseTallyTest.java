package io.cjp2p.loadtest.eclipse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cjp2p.loadtest.cli.LoopbackHttp;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The eclipse scenario's arithmetic: who an address belongs to, shares, pacing, the status page, the report. */
class EclipseTallyTest {
    private static final double EPS = 1e-9;

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void attackerIpsAreSpreadOverTheirGroupsAndEveryAddressIsClassifiedByItsIp() throws Exception {
        AddressPlan plan = new AddressPlan(600, 3, true, 20);
        assertEquals(InetAddress.getByName("127.77.0.1"), plan.attackerIp(0));
        assertEquals(InetAddress.getByName("127.78.0.1"), plan.attackerIp(1));
        assertEquals(InetAddress.getByName("127.79.0.1"), plan.attackerIp(2));
        assertEquals(InetAddress.getByName("127.77.0.2"), plan.attackerIp(3));
        // The 255th IP of a group starts its next /24.
        assertEquals(InetAddress.getByName("127.77.1.1"), plan.attackerIp(254 * 3));
        assertEquals(Origin.ATTACKER, plan.origin(at("127.77.0.1", 40_000)));
        assertEquals(Origin.ATTACKER, plan.origin(at("127.79.0.200", 1)), "IP 3*199+2 is the attacker's");
        assertEquals(Origin.ATTACKER, plan.origin(at("127.66.0.1", 55_555)), "the heavy IP, any port");
        assertEquals(Origin.OTHER, plan.origin(at("127.77.0.201", 1)), "IP 600 was not planned");
        assertEquals(Origin.OTHER, plan.origin(at("127.80.0.1", 1)), "a fourth /16 is not the attacker's");
        assertEquals(Origin.HONEST, plan.origin(at("127.1.0.1", 9)));
        assertEquals(Origin.HONEST, plan.origin(at("127.20.0.1", 9)));
        assertEquals(Origin.OTHER, plan.origin(at("127.21.0.1", 9)), "only 20 honest sources");
        assertEquals(Origin.OTHER, plan.origin(new InetSocketAddress(AddressPlan.clientIp(true, 0), 5)));
        assertEquals(Origin.OTHER, plan.origin(new InetSocketAddress(AddressPlan.clientIp(false, 300), 5)));
        assertEquals(Origin.OTHER, plan.origin(at("203.0.113.7", 24254)));
        assertEquals(Origin.OTHER, new AddressPlan(10, 1, false, 1).origin(at("127.66.0.1", 1)), "no heavy IP");
        assertEquals(0x7f4d01, AddressPlan.prefix24(InetAddress.getByName("127.77.1.9")));
    }

    @Test
    void aShareSeriesKeepsMeanMaxAndLastOfTheSamplesWithAWhole() {
        ShareSeries s = new ShareSeries();
        assertEquals(0, s.mean());
        s.add(3, 4);
        s.add(0, 0);
        s.add(1, 2);
        assertEquals(2, s.samples());
        assertEquals(1, s.empty());
        assertEquals(0.625, s.mean(), EPS);
        assertEquals(0.75, s.max(), EPS);
        assertEquals(0.5, s.last(), EPS);
        assertThrows(IllegalArgumentException.class, () -> s.add(5, 4));
        assertThrows(IllegalArgumentException.class, () -> s.add(-1, 4));
        assertEquals(0, ShareSeries.share(0, 0));
        assertEquals(1, ShareSeries.share(46, 46));
    }

    @Test
    void handoutsArePartitionedIntoAttackerHonestAndOther() throws Exception {
        AddressPlan plan = new AddressPlan(5, 1, true, 3);
        HandoutTally t = new HandoutTally(plan);
        OriginCounts c = t.verifiedHandout(List.of(at("127.77.0.1", 1), at("127.77.0.2", 2), at("127.66.0.1", 3),
                at("127.2.0.1", 4), at("127.200.0.1", 5)));
        assertEquals(new OriginCounts(3, 1, 1), c);
        assertEquals(5, c.total());
        t.verifiedHandout(List.of(at("127.2.0.1", 4), at("127.3.0.1", 4)));
        t.verifiedHandout(List.of());
        t.verifiedMissed();
        EclipseReport.VerifiedHandouts v = t.verifiedFigures();
        assertEquals(3, v.samples(), "an empty Peers reply is a handout too");
        assertEquals(1, v.missed());
        assertEquals(7 / 3.0, v.peersPerHandout(), EPS);
        assertEquals((0.6 + 0) / 2, v.attackerMean(), EPS, "the empty handout has no share");
        assertEquals(0.6, v.attackerMax(), EPS);
        assertEquals(0, v.attackerLast(), EPS);
        assertEquals((0.2 + 1) / 2, v.honestMean(), EPS);
        assertEquals(2, v.honestSeen(), "127.2.0.1:4 twice counts once");

        t.unverifiedPick(at("127.77.0.5", 1));
        t.unverifiedPick(at("127.77.0.5", 2));
        t.unverifiedPick(at("127.1.0.1", 1));
        t.unverifiedPick(at("127.201.0.1", 1));
        t.unverifiedPick(null);
        EclipseReport.UnverifiedHandouts u = t.unverifiedFigures();
        assertEquals(new EclipseReport.UnverifiedHandouts(2, 1, 1, 1), u);
        assertEquals(5, u.asked());
        assertEquals(0.5, u.attackerShare(), EPS, "of the 4 picks that named a peer");

        t.status(10, List.of(at("127.77.0.1", 1), at("127.3.0.1", 1)), 6);
        t.status(4, List.of(), 6);
        t.statusFailed();
        EclipseReport.Table table = t.tableFigures();
        assertEquals(2, table.samples());
        assertEquals(1, table.failures());
        assertEquals(4, table.totalPeers());
        assertEquals(0, table.activePeers());
        assertEquals(0.5, table.activeAttackerMean(), EPS);
        assertEquals((0.6 + 1) / 2, table.attackerMean(), EPS, "held over total, at most all of it");
        assertEquals(1, table.attackerLast(), EPS);
    }

    @Test
    void anAnswerSaysWhichRequestItAnswers() {
        EclipseSource.RoundTrip join = EclipseSource.RoundTrip.of(EclipseSource.RoundTrip.body(true, 12));
        assertEquals(new EclipseSource.RoundTrip(true, 12), join);
        assertEquals(new EclipseSource.RoundTrip(false, 3),
                EclipseSource.RoundTrip.of(EclipseSource.RoundTrip.body(false, 3)));
        assertEquals("{\"n\":3}", EclipseSource.RoundTrip.body(false, 3).toString());
        for (String notOurs : new String[] {"{\"n\":0}", "{\"n\":}", "{\"n\":-1}", "{\"n\":1 }", "{\"m\":1}",
                "{\"n\":\"1\"}", "{\"n\":1234567890123456789}", "[1]"}) {
            assertNull(EclipseSource.RoundTrip.of(io.cjp2p.codec.RawJson.of(notOurs)), notOurs);
        }
    }

    @Test
    void thePacerKeepsUnderTheNodesDefaultLimits() throws Exception {
        InetAddress ip = InetAddress.getByName("127.66.0.1");
        assertAbout(10 * LimitPacer.NODE_UNVERIFIED_PPS * LimitPacer.HEADROOM, 2, sentInTenSeconds(false, ip));
        // A peer's datagrams cost a 25th of that: several fit in each tick.
        assertAbout(10 * LimitPacer.NODE_VERIFIED_PPS * LimitPacer.HEADROOM, 10, sentInTenSeconds(true, ip));
        // 254 IPs of one /24, each well inside its own budget, share the prefix's unverified budget.
        InetAddress[] hosts = new InetAddress[254];
        for (int h = 0; h < hosts.length; h++) {
            hosts[h] = InetAddress.getByAddress(new byte[] {127, 77, 0, (byte) (h + 1)});
        }
        assertAbout(10 * LimitPacer.NODE_PREFIX_PPS * LimitPacer.HEADROOM, 40, sentInTenSeconds(false, hosts));
    }

    /** Ten simulated seconds of 10 ms ticks, each IP sending all that its pacer allows every tick. */
    private static int sentInTenSeconds(boolean verified, InetAddress... ips) {
        LimitPacer pacer = new LimitPacer();
        int sent = 0;
        for (long t = 0; t < TimeUnit.SECONDS.toNanos(10); t += TimeUnit.MILLISECONDS.toNanos(10)) {
            for (InetAddress ip : ips) {
                while (verified ? pacer.verified(ip, t) : pacer.unverified(ip, t)) {
                    sent++;
                }
            }
        }
        return sent;
    }

    private static void assertAbout(double expected, double slack, int actual) {
        assertTrue(Math.abs(actual - expected) <= slack, actual + " sent, expected " + expected + " +- " + slack);
    }

    @Test
    void theStatusPageGivesTotalPeersAndTheActiveAddresses() throws Exception {
        StatusProbe.Status s = StatusProbe.parse(("{\"version\":\"x\",\"total_peers\":1234,\"active_peer_count\":2,"
                + "\"active_peers\":[{\"addr\":\"127.77.0.1:4000\",\"delay_ms\":0.1},{\"delay_ms\":1,\"addr\":\"[::1]:5\"},"
                + "{\"addr\":\"not an address\"}],\"candidate_count\":0,\"udp\":\"127.0.0.1:1\",\"uptime_s\":3}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(1234, s.totalPeers());
        assertEquals(List.of(at("127.77.0.1", 4000), at("::1", 5)), s.active());
        assertThrows(java.io.IOException.class, () -> StatusProbe.parse("{\"active_peers\":[]}".getBytes()));
        assertThrows(java.io.IOException.class, () -> StatusProbe.parse("[]".getBytes()));
        assertTrue(LoopbackHttp.allows(URI.create("http://127.0.0.1:24255/status.json")));
        assertTrue(LoopbackHttp.allows(URI.create("http://[::1]:24255/status.json")));
        assertFalse(LoopbackHttp.allows(URI.create("http://192.0.2.1:24255/status.json")));
        assertFalse(LoopbackHttp.allows(URI.create("https://127.0.0.1/status.json")));
        assertFalse(LoopbackHttp.allows(URI.create("http://example.com/status.json")), "names are not resolved");
    }

    @Test
    void theReportIsOneFlatJsonObjectWithTheTableOnlyWhenRead() throws Exception {
        EclipseReport r = new EclipseReport("127.0.0.1:1", 2.0, 0.1, new EclipseReport.Layout(10, 2, 1, 5),
                new EclipseReport.Sources(25, 20, 18, 1), 3, new EclipseReport.Sources(4, 4, 4, 0),
                new EclipseReport.Traffic(100, 80, 78, 3, 5, 0),
                new EclipseReport.VerifiedHandouts(2, 0, 23.5, 0.8, 0.9, 0.7, 0.1, 3),
                new EclipseReport.UnverifiedHandouts(8, 1, 1, 0), null);
        Map<String, String> fields = flat(r.json());
        assertEquals("eclipse", fields.get("scenario"));
        assertEquals("20", fields.get("attacker_verified"));
        assertEquals("2", fields.get("unanswered"));
        assertEquals("0.8000", fields.get("unverified_attacker_share"));
        assertNull(fields.get("table_total_peers"));
        assertFalse(r.text().contains("node table"), r.text());
        EclipseReport withTable = new EclipseReport(r.target(), r.seconds(), r.attackStartS(), r.layout(), r.attacker(), r.heavyVerified(),
                r.honest(), r.traffic(), r.verified(), r.unverified(),
                new EclipseReport.Table(2, 0, 40, 6, 0.5, 0.5, 0.45, 0.45));
        assertEquals("40", flat(withTable.json()).get("table_total_peers"));
        assertTrue(withTable.text().contains("total_peers 40"), withTable.text());
    }

    private static Map<String, String> flat(String json) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                assertTrue(p.nextToken().isScalarValue(), name + " is flat");
                assertNull(out.put(name, p.getText()), name + " once");
            }
            assertEquals(JsonToken.END_OBJECT, p.currentToken());
            assertNull(p.nextToken());
        }
        return out;
    }
}
