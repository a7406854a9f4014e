package chatlab;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Collects what the server writes to its own log (SLF4J, with Logback behind it) while a test runs. */
final class ServerLogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private ServerLogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    static ServerLogCapture start() {
        return new ServerLogCapture();
    }

    /** How many warnings and errors so far mention this text, in their message or their exception's. */
    int warningsMentioning(String text) {
        List<ILoggingEvent> events;
        synchronized (appender) { // the appender adds events under its own lock
            events = new ArrayList<>(appender.list);
        }
        return (int) events.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(event -> event.getFormattedMessage().contains(text) || mentions(event.getThrowableProxy(), text))
                .count();
    }

    private static boolean mentions(IThrowableProxy thrown, String text) {
        for (IThrowableProxy each = thrown; each != null; each = each.getCause()) {
            if (String.valueOf(each.getMessage()).contains(text)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
