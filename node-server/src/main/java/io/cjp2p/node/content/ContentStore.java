package io.cjp2p.node.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The node's own objects under the state directory: {@code content/<id>} holds complete, verified
 * objects (uploads and finished downloads), {@code incoming/} partial ones and uploads being
 * received. An object enters {@code content/} only by an atomic rename, so a reader never sees half
 * of one.
 */
public final class ContentStore {
    public static final String CONTENT_DIR = "content";
    public static final String INCOMING_DIR = "incoming";

    private final Path content;
    private final Path incoming;

    public ContentStore(Path stateDir) {
        this.content = stateDir.resolve(CONTENT_DIR);
        this.incoming = stateDir.resolve(INCOMING_DIR);
    }

    /**
     * Makes both directories if missing. They are made when first needed (an upload, a download),
     * so that a node that stores nothing leaves its state directory as it was.
     */
    public ContentStore create() throws IOException {
        Files.createDirectories(content);
        Files.createDirectories(incoming);
        return this;
    }

    public Path contentDir() {
        return content;
    }

    public Path incomingDir() {
        return incoming;
    }

    /** Where object {@code id} lives once complete; {@code id} must pass {@link ContentId#isSha256}. */
    public Path pathOf(String id) {
        if (!ContentId.isSha256(id)) {
            throw new IllegalArgumentException("not a sha256 id: " + id);
        }
        return content.resolve(id);
    }

    /** A new empty file in {@code incoming/} for an upload being received. */
    public Path newIncomingFile(String prefix) throws IOException {
        create();
        return Files.createTempFile(incoming, prefix, ".part");
    }

    /** Moves a verified file from {@code incoming/} to {@code content/<id>} atomically; returns its new path. */
    public Path commit(Path verified, String id) throws IOException {
        Path target = pathOf(id);
        create();
        Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
