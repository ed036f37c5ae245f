package org.opensbc.sip.admission;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.io.IOException;
import java.util.Locale;
import javax.sip.SipStack;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Response;
import org.opensbc.sip.pipeline.DecisionLog;
import org.opensbc.sip.pipeline.ErrorReplies;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a parsed message is admitted to JAIN-SIP's transaction layer: the inbound
 * pipeline's first stages, in order, before any transaction exists. {@link SizeAndGrammarStage}
 * (505 for another SIP version, 513 or 413 over the size limit; grammar errors were answered 400
 * by the parser), then the {@link AccessStage} (bans, ACL, rate limit: drop, 405 or 503). The one
 * exception to that order: a source the access stage drops gets no answer at all, so its drop is
 * taken first (a denied network learns nothing of the gateway).
 * Returning false tells the stack to forget the message; answers go out statelessly, never to an
 * ACK. Drops are counted and summed up ({@link DropSummary}), never logged one by one: they come
 * in floods.
 */
public final class AdmissionValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionValve.class);

    private final AccessStage access;
    private final InboundCounters counters;
    private final DropSummary drops;

    public AdmissionValve(AccessStage access, InboundCounters counters, DropSummary drops) {
        this.access = access;
        this.counters = counters;
        this.drops = drops;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        StageResult admitted = access.decide(channel.getPeerAddress(), channel.getTransport().toLowerCase(Locale.ROOT),
                request.getMethod(), request.getToTag() != null, userAgent(request));
        if (admitted instanceof StageResult.Drop drop) {
            // A source the access stage drops learns nothing, not even that its request was too big
            // or of another SIP version: the same decision SourceFilter takes before the parse on UDP.
            counters.blocked();
            drops.record(channel.getPeerPacketSourceAddress(),
                    drop.banned() ? DropSummary.Reason.BANNED : DropSummary.Reason.BLOCKED);
            return settle(Stage.ACCESS, admitted, request, channel);
        }
        StageResult sized = SizeAndGrammarStage.decide(request, counters);
        if (!sized.goesOn()) {
            return settle(Stage.SIZE_GRAMMAR, sized, request, channel);
        }
        if (admitted instanceof StageResult.Reply) {
            counters.refused();
        }
        return settle(Stage.ACCESS, admitted, request, channel);
    }

    /** Records the stage's decision and carries it out; true when the request goes on. */
    private boolean settle(Stage stage, StageResult result, SIPRequest request, MessageChannel channel) {
        if (result.goesOn()) {
            return true;
        }
        DecisionLog.record(counters, stage, result, request.getMethod(), channel.getPeerAddress());
        if (result instanceof StageResult.Reply reply && !"ACK".equals(request.getMethod())) {
            send(ErrorReplies.build(request, reply, channel.getHost()), channel);
        }
        return false;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return SizeAndGrammarStage.admitResponse((SIPResponse) response);
    }

    /** The User-Agent's products and comments as one string ("friendly-scanner", "JsSIP 3.13.8"), or null. */
    private static String userAgent(SIPRequest request) {
        UserAgentHeader agent = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
        if (agent == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (java.util.ListIterator<?> it = agent.getProduct(); it.hasNext();) {
            text.append(it.next()).append(' ');
        }
        return text.toString().trim();
    }

    private static void send(SIPResponse response, MessageChannel channel) {
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
