package io.cjp2p.node.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cjp2p.codec.PeerAddress;
import io.cjp2p.node.peer.CandidateSet;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.PeerTable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * {@code /status.json}, with the Rust node's field names where they apply (PROTOCOL.md section 8):
 * {@code version, total_peers, active_peer_count, active_peers[{addr, delay_ms}]}, plus a few of
 * our own.
 *
 * <p>"Active" follows Rust's meaning as far as we can: a peer verified recently enough to be handed
 * out (the handout window) whose measured round trip is under 1500 ms. The list is fastest first and
 * capped, so a node with a huge table still answers with a small document.
 */
public final class StatusReport {
    /** The Rust node's ACTIVE_PEER_DELAY_MS. */
    static final long ACTIVE_RTT_NANOS = 1_500_000_000L;
    /** The most entries in active_peers; active_peer_count still counts them all. */
    static final int MAX_LISTED = 1000;
    private static final JsonFactory JSON = new JsonFactory();

    private final PeerTable peers;
    private final CandidateSet candidates;
    private final InetSocketAddress udp;
    private final String version;
    private final long startNanos = System.nanoTime();

    public StatusReport(PeerTable peers, CandidateSet candidates, InetSocketAddress udp, String version) {
        this.peers = peers;
        this.candidates = candidates;
        this.udp = udp;
        this.version = version;
    }

    public byte[] render() {
        PeerEntry[] handout = peers.handout();
        int active = 0;
        for (PeerEntry e : handout) {
            if (isActive(e)) {
                active++;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 64 * Math.min(active, MAX_LISTED));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("version", version);
            g.writeNumberField("total_peers", peers.size());
            g.writeNumberField("active_peer_count", active);
            g.writeArrayFieldStart("active_peers");
            int listed = 0;
            // The handout snapshot is sorted fastest first, so the cap keeps the best peers.
            for (PeerEntry e : handout) {
                if (listed >= MAX_LISTED) {
                    break;
                }
                if (isActive(e)) {
                    g.writeStartObject();
                    g.writeStringField("addr", PeerAddress.format(e.address()));
                    g.writeNumberField("delay_ms", Math.round(e.rttNanos() / 1e3) / 1e3);
                    g.writeEndObject();
                    listed++;
                }
            }
            g.writeEndArray();
            g.writeNumberField("candidate_count", candidates.size());
            g.writeStringField("udp", PeerAddress.format(udp));
            g.writeNumberField("uptime_s", (System.nanoTime() - startNanos) / 1_000_000_000L);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static boolean isActive(PeerEntry e) {
        long rtt = e.rttNanos();
        return rtt != PeerEntry.NO_RTT && rtt < ACTIVE_RTT_NANOS;
    }
}
