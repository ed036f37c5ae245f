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
 * are dropped unanswered, other SIP versions get 505, oversized requests get 513 (RFC 3261 section 21.5.14) and oversized
 * responses are dropped. Returning false tells the stack to forget the message.
 */
public final class GuardValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(GuardValve.class);

    private final SourceFilter sourceFilter;
    private final InboundCounters counters;

    public GuardValve(SourceFilter sourceFilter, InboundCounters counters) {
        this.sourceFilter = sourceFilter;
        this.counters = counters;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        if (sourceFilter.isBlocked(channel.getPeerAddress())) {
            counters.blocked();
            return false;
        }
        if (request.getApplicationData() == InboundMarks.UNSUPPORTED_VERSION) {
            counters.malformed();
            if (!"ACK".equals(request.getMethod())) {
                reply(request.createResponse(Response.VERSION_NOT_SUPPORTED, "Version Not Supported"), channel);
            }
            return false;
        }
        if (request.getApplicationData() == InboundMarks.OVERSIZED) {
            if (!"ACK".equals(request.getMethod())) {
                reply(request.createResponse(SIPResponse.MESSAGE_TOO_LARGE), channel);
            }
            return false;
        }
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        if (((SIPResponse) response).getApplicationData() == InboundMarks.OVERSIZED) {
            return false;
        }
        return true;
    }

    private static void reply(SIPResponse response, MessageChannel channel) {
        try {
            // To the packet's source: the Via may name another port (no rport) or another version.
            channel.sendMessage(response, channel.getPeerPacketSourceAddress(), channel.getPeerPacketSourcePort());
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not answer {}: {}", channel.getPeerAddress(), e.toString());
        }
    }

    @Override public void init(SipStack stack) { /* configured by constructor */ }
    @Override public void destroy() { /* nothing held */ }
}
