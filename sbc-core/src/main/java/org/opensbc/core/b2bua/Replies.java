package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.sip.pipeline.DecisionLog;
import org.opensbc.sip.pipeline.ErrorReplies;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageDecisions;
import org.opensbc.sip.pipeline.StageResult.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the signalling path answers: build a response, add the Server header if the operator
 * configured one, and send it stateful (when a transaction exists) or stateless. A stage's refusal
 * ({@link #refuse}) gets the headers its status needs from {@link ErrorReplies} and is recorded as
 * that stage's decision (metric and debug log). A failure to send is logged at debug and
 * swallowed: the peer is gone and there is nothing more to do.
 */
final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final String serverHeader;
    /** The agent of our Warning headers: the host the gateway advertises. */
    private final String warnAgent;
    private final StageDecisions decisions;

    Replies(SipProvider provider, MessageFactory messages, HeaderFactory headers, String serverHeader, String warnAgent,
            StageDecisions decisions) {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.serverHeader = serverHeader;
        this.warnAgent = warnAgent;
        this.decisions = decisions;
    }

    HeaderFactory headers() {
        return headers;
    }

    Response create(Request request, int status, String reason) {
        try {
            Response response = messages.createResponse(status, request);
            if (reason != null) {
                response.setReasonPhrase(reason);
            }
            // RFC 3261 8.2.6.2; a call's own answers set the call's tag over this one
            org.opensbc.sip.ResponseTags.ensureToTag(response, request);
            if (!serverHeader.isEmpty()) {
                response.setHeader(headers.createServerHeader(java.util.List.of(serverHeader)));
            }
            return response;
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad response " + status + " " + reason, e);
        }
    }

    /** A refusal with the headers its status needs (Allow, Retry-After, Unsupported, Warning). */
    Response create(Request request, Reply reply) {
        Response response = create(request, reply.status(), reply.reason());
        ErrorReplies.addHeaders(response, reply, headers, warnAgent);
        return response;
    }

    void send(Request request, ServerTransaction transaction, Response response) {
        try {
            if (transaction != null) {
                transaction.sendResponse(response);
            } else {
                provider.sendResponse(response);
            }
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("could not send {} for {}: {}", response.getStatusCode(), request.getMethod(), e.toString());
        }
    }

    /**
     * {@code stage} decided to refuse the request: records the decision and sends the refusal.
     *
     * @param transaction the request's server transaction, or null to answer statelessly
     */
    void refuse(Stage stage, Request request, ServerTransaction transaction, Reply reply) {
        DecisionLog.record(decisions, stage, reply, request.getMethod(), SourceAddress.of(request).key());
        send(request, transaction, create(request, reply));
    }

    /**
     * Answers with {@code status} and no body or extra header: a failure, or the 200/202 of a
     * request relayed inside a call. A stage's refusal goes through {@link #refuse} instead.
     */
    void answer(Request request, ServerTransaction transaction, int status, String reason) {
        send(request, transaction, create(request, status, reason));
    }

    /**
     * 100 Trying on a new INVITE's transaction, sent before routing starts: the caller stops
     * retransmitting while the rules run and the forks ring (RFC 3261 17.2.1). Not a refusal.
     */
    void trying(Request invite, ServerTransaction transaction) {
        send(invite, transaction, create(invite, Response.TRYING, null));
    }
}
