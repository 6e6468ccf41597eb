package io.cjp2p.node.content;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <state-dir>/share-index.json}: the ids of shared files by path, size and modification time,
 * so that a restart does not hash everything again. A cache: an entry is used only while the file
 * still has that size and time, and a file that cannot be read is ignored (everything is hashed
 * again) rather than stopping the node. Written to a temporary name and renamed.
 */
final class ShareIndexFile {
    static final String FILE_NAME = "share-index.json";
    static final int VERSION = 1;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(1 << 16).maxNestingDepth(8).maxNumberLength(32).build())
            .build();

    private ShareIndexFile() {
    }

    static void write(Path file, List<HeldObject> entries) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel);
                 JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeNumberField("version", VERSION);
                g.writeArrayFieldStart("files");
                for (HeldObject e : entries) {
                    g.writeRaw('\n');
                    g.writeStartObject();
                    g.writeStringField("path", e.path().toString());
                    g.writeNumberField("size", e.size());
                    g.writeNumberField("mtime_ns", e.mtimeNanos());
                    g.writeStringField("sha256", e.id());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                g.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** The entries in {@code file}; malformed entries are left out. */
    static List<HeldObject> read(Path file) throws IOException {
        List<HeldObject> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("version".equals(name)) {
                    if (t != JsonToken.VALUE_NUMBER_INT || p.getIntValue() != VERSION) {
                        throw new IOException("not version " + VERSION);
                    }
                } else if ("files".equals(name) && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        HeldObject e = readEntry(p);
                        if (e != null) {
                            out.add(e);
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return out;
    }

    private static HeldObject readEntry(JsonParser p) throws IOException {
        String path = null;
        String id = null;
        long size = -1;
        long mtime = Long.MIN_VALUE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "path" -> path = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "sha256" -> id = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "size" -> size = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                case "mtime_ns" -> mtime = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : Long.MIN_VALUE;
                default -> p.skipChildren();
            }
        }
        if (path == null || !ContentId.isSha256(id) || size < 0 || mtime == Long.MIN_VALUE) {
            return null;
        }
        try {
            return new HeldObject(id, Path.of(path), size, mtime);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }
}
