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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the signalling path answers: build a response, add the Server header if the operator
 * configured one, and send it stateful (when a transaction exists) or stateless. A failure to send
 * is logged at debug and swallowed: the peer is gone and there is nothing more to do.
 */
final class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final String serverHeader;

    Replies(SipProvider provider, MessageFactory messages, HeaderFactory headers, String serverHeader) {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.serverHeader = serverHeader;
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

    /** Answers with a final status (a protocol violation, say) and nothing else. */
    void reject(Request request, ServerTransaction transaction, int status, String reason) {
        send(request, transaction, create(request, status, reason));
    }
}
