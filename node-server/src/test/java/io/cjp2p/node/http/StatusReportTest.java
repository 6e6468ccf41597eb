package io.cjp2p.node.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Rust fields of /status.json: our key, the peers' keys, fast peers and distinct IPs. */
class StatusReportTest {
    private static final String OUR_KEY = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";

    private final PeerTable peers = new PeerTable(100);
    private final StatusReport report = new StatusReport(peers, new CandidateSet(10, 1_000_000_000L),
            new InetSocketAddress("127.0.0.1", 24254), "1.2.3", OUR_KEY);

    private PeerEntry peer(String ip, int port, long rttMillis) {
        PeerEntry e = peers.verified(new InetSocketAddress(ip, port), 0);
        if (rttMillis >= 0) {
            peers.recordRtt(e, rttMillis * 1_000_000L);
        }
        return e;
    }

    /** The top-level fields as text (arrays as "array"), in document order, and the active peers as maps. */
    private record Status(Map<String, String> fields, List<Map<String, String>> active) {
    }

    private Status render() throws Exception {
        peers.rebuildHandout(1, 600_000_000_000L);
        Map<String, String> fields = new LinkedHashMap<>();
        List<Map<String, String>> active = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(report.render())) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_ARRAY) {
                    fields.put(name, "array");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> peer = new LinkedHashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            p.nextToken();
                            peer.put(field, p.getText());
                        }
                        active.add(peer);
                    }
                } else {
                    fields.put(name, p.getText());
                }
            }
        }
        return new Status(fields, active);
    }

    @Test
    void theFieldsComeInRustsOrderWithOurKeyAsRustPrintsIt() throws Exception {
        Status s = render();
        assertEquals(List.of("version", "public_key", "total_peers", "unique_ips", "active_peer_count", "fast_peer_count",
                "active_peers"), new ArrayList<>(s.fields().keySet()).subList(0, 7));
        assertEquals("0x" + OUR_KEY, s.fields().get("public_key"));
        assertEquals("0", s.fields().get("unique_ips"));
        assertEquals("0", s.fields().get("fast_peer_count"));
    }

    @Test
    void fastPeersAreThoseUnder250Milliseconds() throws Exception {
        peer("8.8.1.1", 1, 10);
        peer("8.8.2.1", 1, 249);
        peer("8.8.3.1", 1, 250);
        peer("8.8.4.1", 1, 1499);
        peer("8.8.5.1", 1, -1); // not measured: neither fast nor active
        Status s = render();
        assertEquals("2", s.fields().get("fast_peer_count"));
        assertEquals("4", s.fields().get("active_peer_count"));
        assertEquals("5", s.fields().get("total_peers"));
    }

    @Test
    void uniqueIpsCountsEachIpOnce() throws Exception {
        peer("8.8.8.1", 1, 10);
        peer("8.8.8.1", 2, 10);
        peer("2606:4700::1", 2, 10);
        Status s = render();
        assertEquals("3", s.fields().get("total_peers"));
        assertEquals("2", s.fields().get("unique_ips"));
    }

    @Test
    void anActivePeerShowsItsKeyOnlyOnceWeKnowIt() throws Exception {
        PeerEntry keyed = peer("8.8.8.1", 1, 10);
        peer("8.8.8.2", 1, 20);
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x5a);
        peers.bindKey(keyed.address(), key);
        Status s = render();
        assertEquals(2, s.active().size());
        Map<String, String> first = s.active().get(0);
        assertEquals("8.8.8.1:1", first.get("addr"));
        assertEquals("0x" + "5a".repeat(32), first.get("pub"));
        assertEquals(List.of("addr", "pub", "delay_ms"), new ArrayList<>(first.keySet()));
        Map<String, String> second = s.active().get(1);
        assertEquals("8.8.8.2:1", second.get("addr"));
        assertFalse(second.containsKey("pub"), "no key, no pub: " + second);
        assertTrue(second.containsKey("delay_ms"));
    }
}
