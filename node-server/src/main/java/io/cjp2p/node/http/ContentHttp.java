package io.cjp2p.node.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cjp2p.node.content.ContentServices;
import io.cjp2p.node.content.HeldObject;
import io.netty.channel.ChannelHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The content paths of the HTTP listener, in Rust's shapes (PROTOCOL.md 8): {@code GET /<sha256>}
 * (any client; Range and Content-Type), {@code POST /upload} (loopback only, size-capped, stored in
 * the node's store) and {@code GET /content.json} (loopback only). Every POST, to any path, must
 * come from a page the {@code /wt} {@link OriginPolicy} admits: a cross-origin form POST needs no
 * preflight, so without the check any web page could upload through the user's browser.
 */
public final class ContentHttp {
    /** The most objects {@code /content.json} lists. */
    static final int MAX_LISTED = 10_000;
    private static final JsonFactory JSON = new JsonFactory();

    final ContentServices content;
    final long uploadMaxBytes;
    final OriginPolicy origins;
    private final String publicKeyHex;

    /**
     * @param allowOrigins the origins let onto {@code /wt} besides loopback pages (--ws-allow-origin)
     * @param publicKeyHex our key, listed in {@code /content.json} as Rust lists it
     */
    public ContentHttp(ContentServices content, long uploadMaxBytes, List<String> allowOrigins, String publicKeyHex) {
        this.content = content;
        this.uploadMaxBytes = uploadMaxBytes;
        this.origins = new OriginPolicy(allowOrigins);
        this.publicKeyHex = publicKeyHex;
    }

    /** One connection's handler, placed between the HTTP codec and the body gate. */
    ChannelHandler newHandler() {
        return new ContentHttpHandler(this);
    }

    /**
     * {@code {"public_key":"0x…","origin":[],"directories":[],"public":[{"sha256","blake3","size",
     * "mtime","mtime_unix","tree"}…]}}, Rust's shape; we keep no BLAKE3 trees, so those are null and false.
     */
    byte[] listing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("public_key", "0x" + publicKeyHex);
            g.writeArrayFieldStart("origin");
            g.writeEndArray();
            g.writeArrayFieldStart("directories");
            g.writeEndArray();
            g.writeArrayFieldStart("public");
            for (HeldObject h : content.index().list(MAX_LISTED)) {
                long mtimeSeconds = h.mtimeNanos() / 1_000_000_000L;
                g.writeStartObject();
                g.writeStringField("sha256", h.id());
                g.writeNullField("blake3");
                g.writeNumberField("size", h.size());
                g.writeStringField("mtime", Instant.ofEpochSecond(mtimeSeconds).toString());
                g.writeNumberField("mtime_unix", mtimeSeconds);
                g.writeBooleanField("tree", false);
                g.writeStringField("url", "/" + h.id());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The file name's extension counts for the type of a shared file; store files are named by id. */
    static String fileName(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? file.getFileName().toString() : "";
    }
}
