package org.opensbc.sip.guard;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.io.IOException;
import java.util.Locale;
import javax.sip.SipStack;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First look at every parsed message, before JAIN-SIP makes a transaction of it: the request gate
 * drops banned and blocked sources unanswered and refuses methods a source may not send, other
 * SIP versions get 505, oversized requests get 513 (RFC 3261 section 21.5.14) and oversized
 * responses are dropped. Returning false tells the stack to forget the message. Drops are
 * counted and summed up ({@link DropSummary}), never logged one by one: they come in floods.
 */
public final class GuardValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(GuardValve.class);

    private final RequestGate gate;
    private final InboundCounters counters;
    private final DropSummary drops;

    public GuardValve(RequestGate gate, InboundCounters counters, DropSummary drops) {
        this.gate = gate;
        this.counters = counters;
        this.drops = drops;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        javax.sip.header.UserAgentHeader agent = (javax.sip.header.UserAgentHeader) request.getHeader(
                javax.sip.header.UserAgentHeader.NAME);
        RequestGate.Verdict verdict = gate.check(channel.getPeerAddress(), channel.getTransport().toLowerCase(Locale.ROOT),
                request.getMethod(), request.getToTag() != null, agent == null ? null : agentText(agent));
        if (verdict.status() < 0) {
            counters.blocked();
            drops.record(channel.getPeerPacketSourceAddress(), DropSummary.Reason.BLOCKED);
            return false;
        }
        if (verdict.status() > 0) {
            counters.refused();
            if (!"ACK".equals(request.getMethod())) {
                reply(request, refusal(request, verdict), channel);
            }
            return false;
        }
        if (request.getApplicationData() == InboundMarks.UNSUPPORTED_VERSION) {
            counters.malformed();
            if (!"ACK".equals(request.getMethod())) {
                reply(request, request.createResponse(Response.VERSION_NOT_SUPPORTED, "Version Not Supported"), channel);
            }
            return false;
        }
        if (request.getApplicationData() == InboundMarks.OVERSIZED) {
            if (!"ACK".equals(request.getMethod())) {
                reply(request, request.createResponse(tooLarge(request)), channel);
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

    /** RFC 3428 section 7: a MESSAGE too large is 413; any other request, 513 (RFC 3261 21.5.14). */
    public static int tooLarge(SIPRequest request) {
        return "MESSAGE".equals(request.getMethod()) ? Response.REQUEST_ENTITY_TOO_LARGE : SIPResponse.MESSAGE_TOO_LARGE;
    }

    private static SIPResponse refusal(SIPRequest request, RequestGate.Verdict verdict) {
        SIPResponse refusal = request.createResponse(verdict.status());
        try {
            gov.nist.javax.sip.header.HeaderFactoryImpl headers = new gov.nist.javax.sip.header.HeaderFactoryImpl();
            if (verdict.allow() != null) {
                for (String method : verdict.allow().split(",")) {
                    refusal.addHeader(headers.createAllowHeader(method.trim())); // one list header on the wire
                }
            }
            if (verdict.retryAfter() > 0) {
                refusal.setHeader(headers.createRetryAfterHeader(verdict.retryAfter()));
            }
        } catch (java.text.ParseException | javax.sip.InvalidArgumentException e) {
            LOG.debug("refusal header not added: {}", e.toString());
        }
        return refusal;
    }

    /** The User-Agent's products and comments as one string ("friendly-scanner", "JsSIP 3.13.8"). */
    private static String agentText(javax.sip.header.UserAgentHeader agent) {
        StringBuilder text = new StringBuilder();
        for (java.util.ListIterator<?> it = agent.getProduct(); it.hasNext();) {
            text.append(it.next()).append(' ');
        }
        return text.toString().trim();
    }

    private static void reply(SIPRequest request, SIPResponse response, MessageChannel channel) {
        try {
            org.opensbc.sip.ResponseTags.ensureToTag(response, request);
            // To the packet's source: the Via may name another port (no rport) or another version.
            channel.sendMessage(response, channel.getPeerPacketSourceAddress(), channel.getPeerPacketSourcePort());
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not answer {}: {}", channel.getPeerAddress(), e.toString());
        }
    }

    @Override public void init(SipStack stack) { /* configured by constructor */ }
    @Override public void destroy() { /* nothing held */ }
}
