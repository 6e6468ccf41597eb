package io.cjp2p.loadtest.conformance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KitReportTest {
    private static KitReport report(CheckResult... checks) {
        return new KitReport("127.0.0.1:24254", 1000, 3, List.of(checks),
                List.of(new AmplificationRow("peers", 24, List.of(70)), new AmplificationRow("peers-x8", 185, List.of())),
                74, 117_303, 50, 2345);
    }

    @Test
    void jsonIsOneDocumentWithEveryCheckAndRow() {
        KitReport r = report(CheckResult.pass("peers", "Peers with 1 entry"),
                CheckResult.notFound("list-content", "no \"ContentList\"\nat all"));
        assertEquals("{\"target\":\"127.0.0.1:24254\",\"timeoutMs\":1000,\"tries\":3,\"passed\":true,\"checks\":["
                + "{\"name\":\"peers\",\"required\":true,\"result\":\"PASS\",\"found\":true,\"detail\":\"Peers with 1 entry\"},"
                + "{\"name\":\"list-content\",\"required\":false,\"result\":\"INFO\",\"found\":false,"
                + "\"detail\":\"not found: no \\\"ContentList\\\"\\nat all\"}],"
                + "\"amplification\":{\"limit\":2.0,\"headerBytes\":28,\"rows\":["
                + "{\"request\":\"peers\",\"requestBytes\":24,\"replyBytes\":[70],\"ratio\":1.885,\"allowed\":true},"
                + "{\"request\":\"peers-x8\",\"requestBytes\":185,\"replyBytes\":[],\"ratio\":0.0,\"allowed\":true}]},"
                + "\"datagramsSent\":74,\"bytesSent\":117303,\"datagramsReceived\":50,\"elapsedMs\":2345}", r.json());
    }

    @Test
    void jsonParsesBackAndSaysFailedWhenARequiredCheckFailed() throws Exception {
        KitReport r = report(CheckResult.fail("amplification", "peers 23.90"), CheckResult.found("my-public-key", "k"));
        assertFalse(r.passed());
        List<String> results = new ArrayList<>();
        Boolean passed = null;
        try (JsonParser p = new JsonFactory().createParser(r.json())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("result")) {
                    results.add(p.nextTextValue());
                } else if (t == JsonToken.FIELD_NAME && p.currentName().equals("passed")) {
                    passed = p.nextBooleanValue();
                }
            }
        }
        assertEquals(List.of("FAIL", "INFO"), results);
        assertEquals(Boolean.FALSE, passed);
    }

    @Test
    void textIsATableWithAVerdictLine() {
        KitReport r = report(CheckResult.pass("peers", "Peers with 1 entry"),
                CheckResult.fail("survival/not-objects", "no answer"), CheckResult.notFound("list-content", "none"));
        String text = r.text();
        assertTrue(text.contains("\nCHECK                 RESULT  DETAIL\n"), text);
        assertTrue(text.contains("\npeers                 PASS    Peers with 1 entry\n"), text);
        assertTrue(text.contains("\nsurvival/not-objects  FAIL    no answer\n"), text);
        assertTrue(text.contains("\nlist-content          INFO    not found: none\n"), text);
        assertTrue(text.contains("\npeers            24        1        70    1.88\n"), text);
        assertTrue(text.contains("Required checks: 1 of 2 passed. Optional features found: 0 of 1."), text);
        assertTrue(text.endsWith("\nRESULT: FAIL (survival/not-objects)"), text);
        assertNull(r.check("no-such-check").orElse(null));
    }

    @Test
    void optionalChecksOnlyInform() {
        assertThrows(IllegalArgumentException.class, () -> new CheckResult("x", false, Verdict.FAIL, false, ""));
        assertThrows(IllegalArgumentException.class, () -> new CheckResult("x", true, Verdict.INFO, false, ""));
        assertTrue(report(CheckResult.notFound("where-are-they", "none")).passed());
    }
}
