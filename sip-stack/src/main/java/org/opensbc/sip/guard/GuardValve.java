package org.opensbc.sip.guard;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.io.IOException;
import javax.sip.SipStack;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First look at every parsed message, before JAIN-SIP makes a transaction of it: banned sources
 * are dropped unanswered, oversized requests get 513 (RFC 3261 section 21.5.14) and oversized
 * responses are dropped. Returning false tells the stack to forget the message.
 */
public final class GuardValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(GuardValve.class);

    private final SourceFilter sourceFilter;
    private final InboundCounters counters;
    private final int maxMessageSize;

    public GuardValve(SourceFilter sourceFilter, InboundCounters counters, int maxMessageSize) {
        this.sourceFilter = sourceFilter;
        this.counters = counters;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        if (sourceFilter.isBlocked(channel.getPeerAddress())) {
            counters.blocked();
            return false;
        }
        if (request.getSize() > maxMessageSize) {
            counters.oversized();
            if (!"ACK".equals(request.getMethod())) {
                reply(request.createResponse(SIPResponse.MESSAGE_TOO_LARGE), channel);
            }
            return false;
        }
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        if (((SIPResponse) response).getSize() > maxMessageSize) {
            counters.oversized();
            return false;
        }
        return true;
    }

    private static void reply(SIPResponse response, MessageChannel channel) {
        try {
            channel.sendMessage(response);
        } catch (IOException e) {
            LOG.debug("could not answer {}: {}", channel.getPeerAddress(), e.getMessage());
        }
    }

    @Override public void init(SipStack stack) { /* configured by constructor */ }
    @Override public void destroy() { /* nothing held */ }
}
