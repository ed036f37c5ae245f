package org.opensbc.sip.admission;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import javax.sip.message.Response;
import org.opensbc.sip.pipeline.ErrorReplies;
import org.opensbc.sip.pipeline.StageResult;

/**
 * The size/grammar stage's answers that are not 400: the parser ({@link CountingMessageParserFactory})
 * answers grammar errors itself, through the stack, and marks what needs another status. A
 * request in another SIP version gets 505 (RFC 3261 8.2.2), one over the size limit 513 (or 413
 * for a MESSAGE). Stateless: the marks are read, nothing is kept.
 */
final class SizeAndGrammarStage {

    private SizeAndGrammarStage() {
    }

    /** @param counters counts another version as malformed (the parser counted an oversized one already) */
    static StageResult decide(SIPRequest request, InboundCounters counters) {
        Object mark = request.getApplicationData();
        if (mark == InboundMarks.UNSUPPORTED_VERSION) {
            counters.malformed();
            return StageResult.Reply.of(Response.VERSION_NOT_SUPPORTED, "Version Not Supported");
        }
        if (mark == InboundMarks.OVERSIZED) {
            return ErrorReplies.tooLarge(request.getMethod());
        }
        return StageResult.CONTINUE;
    }

    /** Responses get no answer: one over the size limit is dropped. */
    static boolean admitResponse(SIPMessage response) {
        return response.getApplicationData() != InboundMarks.OVERSIZED;
    }
}
