package org.opensbc.sip.logging;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes JAIN-SIP's stack log to SLF4J so that no log4j 1.x is needed. JAIN-SIP's own level numbers
 * are mapped onto the SLF4J logger "jain-sip"; its debug chatter is only built when debug is on.
 * Instantiated by JAIN-SIP by class name (property gov.nist.javax.sip.STACK_LOGGER).
 *
 * <p>JAIN-SIP warns per message on paths an attacker drives: "Null request interface returned --
 * dropping request" for every request a valve drops (30,322 lines in 10 s of one flood), "bad
 * message" with the whole message for every one that lacks a header. The first is the admission
 * valve's drop, which is counted and summed up there: it goes to debug. Every other warning or
 * error passes a {@link LogThrottle} shared by all stacks: at most 20 lines per 10 s, then a
 * count of the lines held back.
 */
public final class Slf4jStackLogger implements StackLogger {

    private static final Logger LOG = LoggerFactory.getLogger("jain-sip");
    private static final String VALVE_DROP = "Null request interface returned";
    private static final LogThrottle THROTTLE = new LogThrottle(20, 10, System::nanoTime);

    /** The throttle of every stack's warnings (for its metric). */
    public static LogThrottle throttle() {
        return THROTTLE;
    }

    /** Reports lines held back in an interval that is over; call periodically. */
    public static void flushHeldBack() {
        long held = THROTTLE.takeHeldBack();
        if (held > 0) {
            LOG.warn("{} more JAIN-SIP warnings were not logged (at most 20 per {} s)", held, THROTTLE.intervalSeconds());
        }
    }

    private static void warn(String message, Throwable ex) {
        if (!LOG.isWarnEnabled()) {
            return;
        }
        if (message != null && message.startsWith(VALVE_DROP)) {
            LOG.debug(message);
            return;
        }
        long held = THROTTLE.admit();
        if (held < 0) {
            return;
        }
        if (held > 0) {
            LOG.warn("{} JAIN-SIP warnings were not logged (at most 20 per {} s)", held, THROTTLE.intervalSeconds());
        }
        LOG.warn(message, ex);
    }

    @Override public void logStackTrace() { LOG.debug("stack trace", new Throwable()); }
    @Override public void logStackTrace(int traceLevel) { logStackTrace(); }
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable ex) { warn("JAIN-SIP exception", ex); }
    @Override public void logDebug(String message) { LOG.debug(message); }
    @Override public void logDebug(String message, Exception ex) { LOG.debug(message, ex); }
    @Override public void logTrace(String message) { LOG.trace(message); }
    @Override public void logFatalError(String message) { LOG.error(message); }
    @Override public void logError(String message) { warn(message, null); }
    @Override public void logError(String message, Exception ex) { warn(message, ex); }
    @Override public void logWarning(String message) { warn(message, null); }
    @Override public void logInfo(String message) { LOG.info(message); }
    @Override public boolean isLoggingEnabled() { return LOG.isWarnEnabled(); }

    @Override
    public boolean isLoggingEnabled(int level) {
        if (level >= TRACE_TRACE) {
            return LOG.isTraceEnabled();
        } else if (level >= TRACE_DEBUG) {
            return LOG.isDebugEnabled();
        } else if (level >= TRACE_INFO) {
            return LOG.isInfoEnabled();
        }
        return LOG.isWarnEnabled();
    }

    @Override public void disableLogging() { /* level is SLF4J's to decide */ }
    @Override public void enableLogging() { /* level is SLF4J's to decide */ }
    @Override public void setBuildTimeStamp(String buildTimeStamp) { /* not logged */ }
    @Override public void setStackProperties(Properties stackProperties) { /* nothing to read */ }
    @Override public String getLoggerName() { return LOG.getName(); }
}
