package io.cjp2p.node.state;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.cjp2p.codec.PeerAddress;
import io.cjp2p.node.peer.AddressPolicy;
import io.cjp2p.node.peer.PeerEntry;
import io.cjp2p.node.peer.SavedPeer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The peer table on disk, {@value #FILE_NAME} in the state directory:
 *
 * <pre>{"version":1,"peers":[
 * {"addr":"203.0.113.7:24254","key":"&lt;64 hex&gt;","rtt_us":41250,"verified_ms":1764000000000},
 * ...]}</pre>
 *
 * <p>{@code key} and {@code rtt_us} are left out while unknown; {@code verified_ms} is wall-clock
 * milliseconds since the epoch. Unknown fields are skipped, so a later version 1 may add some.
 *
 * <p>Written to a temporary file of mode 0600 that is forced to disk and renamed over the old one,
 * so a crash leaves the old file or the new one, never half of one. Read within bounds: a file over
 * {@link #maxBytes} is refused unread, no more than {@code maxPeers} entries are taken, and strings
 * and nesting are limited, so a damaged or hostile file costs little memory and time. A bad entry
 * is skipped; a file that is not this format at all is refused with a {@link PeerFileException}.
 */
public final class PeerFile {
    /** The file's name in the state directory. */
    public static final String FILE_NAME = "peers.json";
    /** The format this node writes and reads. */
    public static final int VERSION = 1;
    /** Far more than an entry takes (about 170 bytes with an IPv6 address and a key). */
    static final long MAX_ENTRY_BYTES = 512;

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(1024).maxNestingDepth(16).maxNumberLength(32).build())
            .build();

    private PeerFile() {
    }

    /** What was read: the entries taken, those skipped as malformed, and whether more were left unread. */
    public record Contents(List<SavedPeer> peers, int skipped, boolean truncated) {
    }

    /** The largest peer file read for a table of {@code maxPeers}: larger is not ours. */
    public static long maxBytes(int maxPeers) {
        return maxPeers * MAX_ENTRY_BYTES + 4096;
    }

    /** Replaces {@code file} with these peers, atomically (temporary file, fsync, rename). */
    public static void write(Path file, List<SavedPeer> peers) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        FileAttribute<?>[] ownerOnly = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp", ownerOnly);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)
                        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) { // the channel is forced below
                    writeTo(g, peers);
                }
                out.flush();
                channel.force(true); // the bytes are on disk before the name points at them
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        forceDirectory(dir);
    }

    private static void writeTo(JsonGenerator g, List<SavedPeer> peers) throws IOException {
        HexFormat hex = HexFormat.of();
        g.writeStartObject();
        g.writeNumberField("version", VERSION);
        g.writeFieldName("peers");
        g.writeStartArray();
        for (SavedPeer p : peers) {
            g.writeRaw('\n'); // one peer a line, for the operator who looks
            g.writeStartObject();
            g.writeStringField("addr", PeerAddress.format(p.address()));
            byte[] key = p.publicKey();
            if (key != null) {
                g.writeStringField("key", hex.formatHex(key));
            }
            if (p.rttNanos() != PeerEntry.NO_RTT) {
                g.writeNumberField("rtt_us", p.rttNanos() / 1000);
            }
            g.writeNumberField("verified_ms", p.lastVerifiedMillis());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** The rename is durable once the directory is on disk too; where a directory cannot be opened, so be it. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system lets a directory be opened; the rename itself is still atomic
        }
    }

    /**
     * The peers in {@code file}, at most {@code maxPeers}.
     *
     * @throws PeerFileException when the file is too large, not JSON, or not version {@value #VERSION}
     * @throws IOException       when it cannot be read
     */
    public static Contents read(Path file, int maxPeers) throws IOException, PeerFileException {
        long size = Files.size(file);
        if (size > maxBytes(maxPeers)) {
            throw new PeerFileException("is " + size + " bytes, more than " + maxBytes(maxPeers)
                    + " for " + maxPeers + " peers");
        }
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            return parse(p, maxPeers);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new PeerFileException("is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    private static Contents parse(JsonParser p, int maxPeers) throws IOException, PeerFileException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new PeerFileException("is not a JSON object");
        }
        if (p.nextToken() != JsonToken.FIELD_NAME || !p.currentName().equals("version")) {
            throw new PeerFileException("does not start with its version");
        }
        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new PeerFileException("its version is not a number");
        }
        if (p.getNumberType() != JsonParser.NumberType.INT || p.getIntValue() != VERSION) {
            throw new PeerFileException("is version " + p.getText() + "; this node reads version " + VERSION);
        }
        List<SavedPeer> peers = new ArrayList<>();
        int skipped = 0;
        boolean sawPeers = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (!name.equals("peers")) {
                p.skipChildren(); // a field of a later release: not ours to judge
                continue;
            }
            if (value != JsonToken.START_ARRAY || sawPeers) {
                throw new PeerFileException("its \"peers\" is not one array");
            }
            sawPeers = true;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (peers.size() >= maxPeers) {
                    return new Contents(peers, skipped, true); // the rest is never read
                }
                SavedPeer entry = t == JsonToken.START_OBJECT ? entry(p) : null;
                if (entry == null) {
                    p.skipChildren();
                    skipped++;
                } else {
                    peers.add(entry);
                }
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw new PeerFileException("has more after its JSON object");
        }
        if (!sawPeers) {
            throw new PeerFileException("has no \"peers\"");
        }
        return new Contents(peers, skipped, false);
    }

    /** One entry, the parser on its START_OBJECT; {@code null} when it is not a usable peer (then at its END_OBJECT). */
    private static SavedPeer entry(JsonParser p) throws IOException {
        InetSocketAddress address = null;
        byte[] key = null;
        long rttNanos = PeerEntry.NO_RTT;
        long verifiedMillis = -1;
        boolean bad = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v.isStructStart()) {
                p.skipChildren(); // no field of ours is an object or an array
                bad |= name.equals("addr") || name.equals("key") || name.equals("rtt_us") || name.equals("verified_ms");
                continue;
            }
            switch (name) {
                case "addr" -> {
                    address = v == JsonToken.VALUE_STRING ? PeerAddress.parse(p.getText()) : null;
                    bad |= address == null || !AddressPolicy.mayBePeer(address);
                }
                case "key" -> {
                    key = v == JsonToken.VALUE_STRING ? hexKey(p.getText()) : null;
                    bad |= key == null;
                }
                case "rtt_us" -> {
                    long us = nonNegativeLong(p, v);
                    bad |= us < 0 || us > Long.MAX_VALUE / 1000;
                    rttNanos = us * 1000;
                }
                case "verified_ms" -> {
                    verifiedMillis = nonNegativeLong(p, v);
                    bad |= verifiedMillis < 0;
                }
                default -> {
                    // a field of a later release
                }
            }
        }
        return bad || address == null || verifiedMillis < 0 ? null : new SavedPeer(address, key, rttNanos, verifiedMillis);
    }

    /** The value if it is an integer in 0..Long.MAX_VALUE, else -1 (a bigger one would not fit a long). */
    private static long nonNegativeLong(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return -1;
        }
        return Math.max(-1, p.getLongValue());
    }

    private static byte[] hexKey(String text) {
        if (text.length() != 2 * SavedPeer.KEY_BYTES) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
