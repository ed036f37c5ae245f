package org.opensbc.sip.logging;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's message trace, on the SLF4J logger "sip.trace" at TRACE level (off by default: a
 * production gateway must not write every message). Instantiated by JAIN-SIP by class name.
 */
public final class Slf4jServerLogger implements ServerLogger {

    private static final Logger LOG = LoggerFactory.getLogger("sip.trace");

    @Override public void closeLogFile() { /* nothing open */ }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} {} -> {}\n{}", sender ? "sent" : "received", from, to, message.encode());
        }
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        logMessage(message, from, to, sender, time);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        logMessage(message, from, to, sender, 0L);
    }

    @Override public void logException(Exception ex) { LOG.debug("JAIN-SIP exception", ex); }
    @Override public void setStackProperties(Properties stackProperties) { /* nothing to read */ }
    @Override public void setSipStack(SipStack sipStack) { /* not needed */ }
}
