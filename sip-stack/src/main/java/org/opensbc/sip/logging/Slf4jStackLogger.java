package org.opensbc.sip.logging;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes JAIN-SIP's stack log to SLF4J so that no log4j 1.x is needed. JAIN-SIP's own level numbers
 * are mapped onto the SLF4J logger "jain-sip"; its debug chatter is only built when debug is on.
 * Instantiated by JAIN-SIP by class name (property gov.nist.javax.sip.STACK_LOGGER).
 */
public final class Slf4jStackLogger implements StackLogger {

    private static final Logger LOG = LoggerFactory.getLogger("jain-sip");

    @Override public void logStackTrace() { LOG.debug("stack trace", new Throwable()); }
    @Override public void logStackTrace(int traceLevel) { logStackTrace(); }
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable ex) { LOG.warn("JAIN-SIP exception", ex); }
    @Override public void logDebug(String message) { LOG.debug(message); }
    @Override public void logDebug(String message, Exception ex) { LOG.debug(message, ex); }
    @Override public void logTrace(String message) { LOG.trace(message); }
    @Override public void logFatalError(String message) { LOG.error(message); }
    @Override public void logError(String message) { LOG.warn(message); }
    @Override public void logError(String message, Exception ex) { LOG.warn(message, ex); }
    @Override public void logWarning(String message) { LOG.warn(message); }
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
