package io.cjp2p.loadtest.conformance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit must fail a node that breaks a rule, at the check for that rule, and pass it elsewhere:
 * each flaw of {@link TinyNode} against the full kit.
 */
class BrokenNodesIT {
    private static final List<String> COOKIE_ECHOES = List.of("cookie-echo/object", "cookie-echo/string",
            "cookie-echo/number", "cookie-echo/array");

    private static KitReport grade(TinyNode.Flaw flaw) throws Exception {
        try (TinyNode node = TinyNode.start(flaw)) {
            KitReport report = new ConformanceKit(new KitSettings(node.address(), 300, 2)).run();
            System.out.println(flaw + ":\n" + report.text());
            return report;
        }
    }

    private static List<String> failed(KitReport report) {
        return report.checks().stream().filter(CheckResult::failed).map(CheckResult::name).toList();
    }

    @Test
    void aTinyNodeWithoutFlawsPasses() throws Exception {
        KitReport report = grade(TinyNode.Flaw.NONE);
        assertEquals(List.of(), failed(report), report.text());
        assertTrue(report.passed());
    }

    @Test
    void aNodeThatAmplifiesFailsAmplificationOnly() throws Exception {
        KitReport report = grade(TinyNode.Flaw.AMPLIFIES);
        assertEquals(List.of("amplification"), failed(report), report.text());
        AmplificationRow peers = report.amplification().stream().filter(r -> r.request().equals("peers"))
                .findFirst().orElseThrow();
        assertFalse(peers.allowed());
        assertTrue(peers.ratio() > 10, "60 peers for a 24-byte request: " + peers.ratio());
        assertTrue(report.check("amplification").orElseThrow().detail().contains("peers "), report.text());
        assertTrue(report.amplification().stream().filter(r -> r.request().equals("echo")).allMatch(AmplificationRow::allowed));
    }

    @Test
    void aNodeThatDropsCookiesFailsTheCookieEchoesOnly() throws Exception {
        KitReport report = grade(TinyNode.Flaw.DROPS_COOKIES);
        assertEquals(COOKIE_ECHOES, failed(report), report.text());
        assertTrue(report.check("cookie-echo/object").orElseThrow().detail().contains("when unverified: no"),
                report.text());
        assertEquals(Verdict.PASS, report.check("cookie-issued").orElseThrow().verdict());
    }

    @Test
    void aNodeThatDiesOnOneTwoThreeFailsAtThatDatagram() throws Exception {
        KitReport report = grade(TinyNode.Flaw.DIES_ON_1_2_3);
        List<String> failed = failed(report);
        assertEquals(List.of("survival/not-objects", "survival/deep-nesting", "survival/huge-numbers",
                "survival/invalid-utf8", "survival/unknown-1024"), failed, report.text());
        assertTrue(report.check("survival/not-objects").orElseThrow().detail().contains("no answer to a valid request after it"),
                report.text());
        for (String later : failed.subList(1, failed.size())) {
            assertTrue(report.check(later).orElseThrow().detail().contains("not sent: the node had stopped answering "
                    + "valid requests after survival/not-objects"), later + ": " + report.check(later));
        }
        for (String before : List.of("survival/empty", "survival/not-json", "survival/not-array", "amplification",
                "echo/60000", "cookie-echo/array")) {
            assertEquals(Verdict.PASS, report.check(before).orElseThrow().verdict(), before);
        }
    }

    @Test
    void aSilentTargetExitsWithOneAndValidJson() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            StringWriter out = new StringWriter();
            CommandLine cl = new CommandLine(new ConformanceCommand());
            cl.setOut(new PrintWriter(out, true));
            int status = cl.execute("--target", "127.0.0.1:" + silent.getLocalPort(), "--timeout-ms", "50",
                    "--tries", "1", "--json");
            assertEquals(1, status, out.toString());
            try (JsonParser p = new JsonFactory().createParser(out.toString())) {
                assertEquals(JsonToken.START_OBJECT, p.nextToken());
                p.skipChildren();
                assertEquals(null, p.nextToken(), "one JSON document and nothing else");
            }
            assertTrue(out.toString().contains("\"passed\":false"), out.toString());
            assertTrue(out.toString().contains("{\"name\":\"array-reply\",\"required\":true,\"result\":\"FAIL\""),
                    out.toString());
        }
    }
}
