package io.cjp2p.loadtest.conformance;

import io.cjp2p.node.config.NodeConfig;
import io.cjp2p.node.runtime.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit against our real node on loopback, with the abuse limits on as an operator runs it: every
 * required check passes, and the features our node does not have show as "not found".
 */
class ConformanceIT {
    private static Node node;

    @BeforeAll
    static void start() throws Exception {
        node = Node.start(NodeConfig.loopback().build());
        assertTrue(node.config().limits().enabled(), "limits on, as in production");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void ourNodePassesEveryRequiredCheck() throws Exception {
        KitReport report = new ConformanceKit(new KitSettings(node.localAddress(), 1000, 3)).run();
        System.out.println(report.text());
        for (CheckResult c : report.checks()) {
            if (c.required()) {
                assertEquals(Verdict.PASS, c.verdict(), c.name() + ": " + c.detail());
            }
        }
        assertTrue(report.passed());
        List<String> required = report.checks().stream().filter(CheckResult::required).map(CheckResult::name).toList();
        assertTrue(required.containsAll(List.of("array-reply", "cookie-issued", "cookie-echo/object",
                "cookie-echo/string", "cookie-echo/number", "cookie-echo/array", "peers", "echo/small", "echo/60000",
                "amplification", "survival/empty", "survival/not-json", "survival/not-array", "survival/not-objects",
                "survival/deep-nesting", "survival/huge-numbers", "survival/invalid-utf8", "survival/unknown-1024")),
                required.toString());
        assertEquals(UnverifiedRequest.values().length, report.amplification().size());
        assertTrue(report.amplification().stream().allMatch(AmplificationRow::allowed));
        // Our node answers the core requests even from unverified sources, within 2x.
        assertTrue(row(report, "peers").replyBytes().size() >= 1, report.text());
        assertTrue(row(report, "echo").replyBytes().size() >= 1, report.text());
    }

    @Test
    void optionalFeaturesShowAsOurNodeHasThem() throws Exception {
        KitReport report = new ConformanceKit(new KitSettings(node.localAddress(), 500, 3)).run();
        // Our node announces its key and checks signatures ...
        for (String feature : List.of("my-public-key", "signed-message")) {
            CheckResult c = report.check(feature).orElseThrow();
            assertEquals(Verdict.INFO, c.verdict(), feature);
            assertTrue(c.found(), feature + ": " + c.detail());
        }
        // ... and tracks who asked for content: the kit's other socket asked first, so the main one is
        // told about it in MaybeTheyHaveSome.
        CheckResult tracked = report.check("send-content").orElseThrow();
        assertTrue(tracked.found() && tracked.detail().contains("MaybeTheyHaveSome"), tracked.detail());
        // But it vouches in WhereAreThey answers only for keys a verified datagram bound, and the kit
        // announces its key from a fresh, unverified socket; this node shares nothing to list.
        for (String feature : List.of("where-are-they", "list-content")) {
            CheckResult c = report.check(feature).orElseThrow();
            assertEquals(Verdict.INFO, c.verdict(), feature);
            assertFalse(c.found(), feature + ": " + c.detail());
            assertTrue(c.detail().startsWith("not found"), c.detail());
        }
        // Returning our node's cookie verifies a source: its reply then carries no new cookie offer.
        assertTrue(report.check("cookie-accepted").orElseThrow().found(), report.text());
        assertTrue(report.passed(), report.text());
    }

    @Test
    void theShadedJarRunsTheKitAsAnImplementerDoes() throws Exception {
        Path jar = Path.of("target", "loadtest.jar");
        assertTrue(Files.isRegularFile(jar), "failsafe runs after package: " + jar.toAbsolutePath());
        InetSocketAddress target = node.localAddress();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "conformance", "--target", target.getAddress().getHostAddress() + ":" + target.getPort(),
                "--json").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("{\"target\":") && out.endsWith("}") && !out.contains("\n"), "one JSON document: " + out);
        assertTrue(out.contains("\"passed\":true"), out);
    }

    /**
     * Against a node that shares a file, the walk adds requests for that file (the largest honest
     * answers a node gives) and every one of them stays within 2x.
     */
    @Test
    void requestsForHeldContentStayWithin2x() throws Exception {
        Path share = Files.createTempDirectory("kit-share");
        byte[] data = new byte[100_000];
        new java.util.Random(9).nextBytes(data);
        Files.write(share.resolve("f"), data);
        try (Node sharing = Node.start(NodeConfig.loopback().shareDirs(List.of(share)).build())) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (sharing.content().index().size() == 0) {
                assertTrue(System.nanoTime() < deadline, "indexed");
                Thread.sleep(20);
            }
            KitReport report = new ConformanceKit(new KitSettings(sharing.localAddress(), 1000, 3)).run();
            assertTrue(report.passed(), report.text());
            assertEquals(UnverifiedRequest.values().length + 4, report.amplification().size(), report.text());
            for (String held : List.of("send-held-content", "send-held-content-x4", "send-held-content+long-cookie",
                    "send-held-content-past-end")) {
                AmplificationRow r = row(report, held);
                assertTrue(r.allowed(), report.text());
                assertFalse(r.replyBytes().isEmpty(), held + " is answered (a short block and our cookie)");
            }
            assertTrue(report.check("list-content").orElseThrow().found(), report.text());
            assertTrue(sharing.content().counters().blocksServed(false) > 0, "unverified requests got data");
        }
    }

    private static AmplificationRow row(KitReport report, String request) {
        return report.amplification().stream().filter(r -> r.request().equals(request)).findFirst().orElseThrow();
    }
}
