package io.cjp2p.node.content;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The node's content side, shared by every channel and the HTTP listener: the index of what it
 * holds, its store, the tracker and the counters. Each channel's dispatcher gets its own
 * {@link ContentResponder}.
 */
public final class ContentServices implements AutoCloseable {
    private final ShareIndex index;
    private final ContentStore store;
    private final ContentTracker tracker = new ContentTracker();
    private final ContentCounters counters = new ContentCounters();

    private ContentServices(ShareIndex index, ContentStore store) {
        this.index = index;
        this.store = store;
    }

    /**
     * Starts indexing {@code shareDirs} and the store under {@code stateDir} in the background.
     *
     * @param stateDir the state directory, or {@code null} for none: no store, no uploads, no cache
     */
    public static ContentServices start(List<Path> shareDirs, Path stateDir, Duration refresh) {
        ContentStore store = stateDir == null ? null : new ContentStore(stateDir);
        ShareIndex index = new ShareIndex(shareDirs, store == null ? null : store.contentDir(),
                stateDir == null ? null : stateDir.resolve(ShareIndexFile.FILE_NAME));
        return new ContentServices(index.start(refresh), store);
    }

    public ShareIndex index() {
        return index;
    }

    /** The store, or {@code null} without a state directory. */
    public ContentStore store() {
        return store;
    }

    public ContentTracker tracker() {
        return tracker;
    }

    public ContentCounters counters() {
        return counters;
    }

    /** A responder for one channel's dispatcher. */
    public ContentResponder newResponder() {
        return new ContentResponder(index, tracker, counters);
    }

    @Override
    public void close() {
        index.close();
    }
}
