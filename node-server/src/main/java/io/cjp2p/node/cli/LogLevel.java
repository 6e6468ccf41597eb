package io.cjp2p.node.cli;

import ch.qos.logback.classic.Level;

/** The levels {@code --log-level} takes: the documented ones, so TRACE (never used by the node) is refused. */
enum LogLevel {
    ERROR(Level.ERROR),
    WARN(Level.WARN),
    INFO(Level.INFO),
    /** Logs every datagram. */
    DEBUG(Level.DEBUG);

    private final Level level;

    LogLevel(Level level) {
        this.level = level;
    }

    Level level() {
        return level;
    }
}
