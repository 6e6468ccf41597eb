package io.cjp2p.node.http;

import io.cjp2p.node.download.DownloadStatus;
import io.cjp2p.node.download.Downloads;
import java.util.List;

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
 * {@code version, public_key, total_peers, unique_ips, active_peer_count, fast_peer_count,
 * active_peers[{addr, pub, delay_ms}]}, plus a few of our own. Keys are {@code "0x"} and 64 hex
 * digits, as Rust prints them; a peer's {@code pub} is there only once we know its key.
 *
 * <p>"Active" follows Rust's meaning as far as we can: a peer verified recently enough to be handed
 * out (the handout window) whose measured round trip is under 1500 ms. "Fast" is Rust's too: a
 * round trip under 250 ms (its status_json counts delay &lt; 250 ms; an older release used 119 ms),
 * counted among the same recently verified peers, with a measured round trip. {@code unique_ips}
 * counts the distinct IPs of the whole table, as Rust's does. The list is fastest first and capped,
 * so a node with a huge table still answers with a small document.
 */
public final class StatusReport {
    /** The Rust node's ACTIVE_PEER_DELAY_MS. */
    static final long ACTIVE_RTT_NANOS = 1_500_000_000L;
    /** Rust's threshold for fast_peer_count. */
    static final long FAST_RTT_NANOS = 250_000_000L;
    /** The most entries in active_peers; active_peer_count still counts them all. */
    static final int MAX_LISTED = 1000;
    private static final JsonFactory JSON = new JsonFactory();

    private final PeerTable peers;
    private final CandidateSet candidates;
    private final InetSocketAddress udp;
    private final String version;
    private final String publicKey;
    private final long startNanos = System.nanoTime();
    /** The node's downloads, or null for none. */
    private Downloads downloads;

    /** @param publicKeyHex the node's ed25519 public key, 64 hex digits (the public half only) */
    public StatusReport(PeerTable peers, CandidateSet candidates, InetSocketAddress udp, String version,
                        String publicKeyHex) {
        this.peers = peers;
        this.candidates = candidates;
        this.udp = udp;
        this.version = version;
        this.publicKey = "0x" + publicKeyHex;
    }

    /** Lists these downloads in a {@code downloads} array. */
    public StatusReport downloads(Downloads value) {
        this.downloads = value;
        return this;
    }

    public byte[] render() {
        PeerEntry[] handout = peers.handout();
        int active = 0;
        int fast = 0;
        for (PeerEntry e : handout) {
            if (isActive(e)) {
                active++;
            }
            if (isFast(e)) {
                fast++;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 64 * Math.min(active, MAX_LISTED));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("version", version);
            g.writeStringField("public_key", publicKey);
            g.writeNumberField("total_peers", peers.size());
            g.writeNumberField("unique_ips", peers.uniqueIps());
            g.writeNumberField("active_peer_count", active);
            g.writeNumberField("fast_peer_count", fast);
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
                    String key = e.publicKeyHex();
                    if (key != null) {
                        g.writeStringField("pub", "0x" + key);
                    }
                    g.writeNumberField("delay_ms", Math.round(e.rttNanos() / 1e3) / 1e3);
                    g.writeEndObject();
                    listed++;
                }
            }
            g.writeEndArray();
            g.writeNumberField("candidate_count", candidates.size());
            g.writeStringField("udp", PeerAddress.format(udp));
            g.writeNumberField("uptime_s", (System.nanoTime() - startNanos) / 1_000_000_000L);
            if (downloads != null) {
                writeDownloads(g, downloads.statuses());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Running downloads, then the last finished ones: {@code id, state, size, bytes, bytes_per_s, sources, ...}. */
    private static void writeDownloads(JsonGenerator g, List<DownloadStatus> list) throws IOException {
        g.writeArrayFieldStart("downloads");
        for (DownloadStatus d : list) {
            g.writeStartObject();
            g.writeStringField("id", d.id());
            g.writeStringField("state", d.phase().name().toLowerCase(java.util.Locale.ROOT));
            g.writeNumberField("size", d.size());
            g.writeNumberField("bytes", d.present());
            g.writeNumberField("bytes_per_s", d.bytesPerSecond());
            g.writeNumberField("sources", d.sources());
            g.writeNumberField("sources_dropped", d.dropped());
            g.writeNumberField("blocks_retransmitted", d.retransmitted());
            if (d.etaSeconds() >= 0) {
                g.writeNumberField("eta_s", d.etaSeconds());
            }
            if (d.failure() != null) {
                g.writeStringField("failure", d.failure());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static boolean isFast(PeerEntry e) {
        long rtt = e.rttNanos();
        return rtt != PeerEntry.NO_RTT && rtt < FAST_RTT_NANOS;
    }

    private static boolean isActive(PeerEntry e) {
        long rtt = e.rttNanos();
        return rtt != PeerEntry.NO_RTT && rtt < ACTIVE_RTT_NANOS;
    }
}
