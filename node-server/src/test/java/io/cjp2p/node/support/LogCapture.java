package io.cjp2p.node.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The events one logger (and its children) logs from now until {@link #close()}: in a
 * try-with-resources, or as a {@code @RegisterExtension} field, which closes it after each test.
 * Reads are snapshots, taken under the appender's lock, since event loops log while a test reads.
 */
public final class LogCapture implements AutoCloseable, AfterEachCallback {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        appender.start();
        logger.addAppender(appender);
    }

    /** The logger of {@code type}. */
    public static LogCapture of(Class<?> type) {
        return new LogCapture((Logger) LoggerFactory.getLogger(type));
    }

    /** A logger by name, e.g. {@code "io.cjp2p"} for the whole node. */
    public static LogCapture of(String name) {
        return new LogCapture((Logger) LoggerFactory.getLogger(name));
    }

    /** Every logger. */
    public static LogCapture root() {
        return of(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** The events so far, oldest first. */
    public List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase.doAppend holds this lock while it appends
            return new ArrayList<>(appender.list);
        }
    }

    /** The formatted messages so far, oldest first. */
    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The events at {@code level} or above. */
    public List<ILoggingEvent> atLeast(Level level) {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).toList();
    }

    /** The events at exactly {@code level}. */
    public List<ILoggingEvent> at(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).toList();
    }

    /** Forgets the events so far. */
    public void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public String toString() {
        return events().toString();
    }
}
