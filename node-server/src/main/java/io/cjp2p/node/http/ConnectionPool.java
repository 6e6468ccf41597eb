package io.cjp2p.node.http;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open HTTP connections, at most {@code max}. A newcomer at the cap evicts the connection
 * whose last activity is oldest, so connections that merely hold a slot cannot lock honest
 * clients out; an active client is always newer than an idle squatter. Touched only on the
 * listener's single event loop.
 */
final class ConnectionPool {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

    private final int max;
    private final Map<Channel, HttpDeadlines> open = new HashMap<>();
    // Read by tests from other threads:
    private volatile int size;
    private final AtomicLong evicted = new AtomicLong();

    ConnectionPool(int max) {
        this.max = max;
    }

    /** Admits {@code ch}, first evicting the idlest connection when the pool is full. */
    void admit(Channel ch, HttpDeadlines clock) {
        if (open.size() >= max) {
            evictIdlest();
        }
        open.put(ch, clock);
        size = open.size();
        ch.closeFuture().addListener(f -> leave(ch));
    }

    /** Forgets {@code ch}: closed, or become a WebSocket (the bridge counts those). */
    void leave(Channel ch) {
        if (open.remove(ch) != null) {
            size = open.size();
        }
    }

    int size() {
        return size;
    }

    long evicted() {
        return evicted.get();
    }

    private void evictIdlest() {
        Channel idlest = null;
        long oldest = 0;
        for (Map.Entry<Channel, HttpDeadlines> e : open.entrySet()) {
            long t = e.getValue().lastActivity();
            if (idlest == null || t - oldest < 0) {
                idlest = e.getKey();
                oldest = t;
            }
        }
        if (idlest != null) {
            long n = evicted.incrementAndGet();
            LOG.debug("http: {} connections open, closing the idlest ({} evicted so far)", open.size(), n);
            leave(idlest);
            idlest.close();
        }
    }
}
