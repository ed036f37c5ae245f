package org.opensbc.sip.pipeline;

import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Response;
import org.opensbc.sip.ResponseTags;
import org.opensbc.sip.pipeline.StageResult.Reply;

/**
 * The one place that turns a stage's {@link Reply} into a SIP response: the status and reason,
 * and the headers that status needs (Allow on 405, Retry-After on 503, Unsupported on 420,
 * Warning on 488 and the like). The admission valve builds its stateless answers here; the
 * B2BUA's reply helper builds its response and lets {@link #addHeaders} finish it.
 */
public final class ErrorReplies {

    /** JAIN-SIP's header factory keeps no state per header: one serves every thread. */
    private static final HeaderFactory HEADERS = new HeaderFactoryImpl();

    private ErrorReplies() {
    }

    /** RFC 3428 section 7: a MESSAGE too large is 413; any other request, 513 (RFC 3261 21.5.14). */
    public static Reply tooLarge(String method) {
        return Reply.of("MESSAGE".equals(method) ? Response.REQUEST_ENTITY_TOO_LARGE : Response.MESSAGE_TOO_LARGE);
    }

    /**
     * The answer to {@code request}, with a To tag (RFC 3261 8.2.6.2), for a request that has no
     * transaction (the admission valve, the flow adapter).
     *
     * @param warnAgent the Warning header's agent (the gateway's host), used only if the reply has a warning
     */
    public static SIPResponse build(SIPRequest request, Reply reply, String warnAgent) {
        SIPResponse response = reply.reason() == null ? request.createResponse(reply.status())
                : request.createResponse(reply.status(), reply.reason());
        addHeaders(response, reply, HEADERS, warnAgent);
        ResponseTags.ensureToTag(response, request);
        return response;
    }

    /**
     * Adds the headers {@code reply} calls for to a response built elsewhere.
     *
     * @throws IllegalArgumentException a header value JAIN-SIP refuses (a warning code that is not
     *                                  three digits, say): the reply was built wrong
     */
    public static void addHeaders(Response response, Reply reply, HeaderFactory headers, String warnAgent) {
        try {
            for (String method : reply.allow()) {
                response.addHeader(headers.createAllowHeader(method)); // one list header on the wire
            }
            if (reply.retryAfter() > 0) {
                response.setHeader(headers.createRetryAfterHeader(reply.retryAfter()));
            }
            for (String tag : reply.unsupported()) {
                response.addHeader(headers.createUnsupportedHeader(tag));
            }
            if (reply.warnCode() > 0) {
                response.addHeader(headers.createWarningHeader(warnAgent, reply.warnCode(), reply.warnText()));
            }
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalArgumentException("reply " + reply + " has a header the grammar refuses", e);
        }
    }
}
