package org.opensbc.core.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What the in-process gateway logs while this is open (every logger, as the console would show it). */
final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    /** The events so far. */
    List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Formatted messages of the events that contain every one of {@code words}. */
    List<String> lines(String... words) {
        return events().stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> java.util.Arrays.stream(words).allMatch(m::contains)).toList();
    }

    /** Events that carry a stack trace. */
    List<ILoggingEvent> withStackTraces() {
        return events().stream().filter(e -> e.getThrowableProxy() != null).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
