package org.opensbc.core.b2bua;

import java.util.List;
import java.util.function.Predicate;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageResult;
import org.opensbc.sip.pipeline.StageResult.Reply;

/**
 * The size/grammar stage's checks of a new INVITE (RFC 3261 8.2.2 and 16.3): one of our own
 * outgoing legs come back to us (482), no hops left (483), a Require the gateway does not
 * implement (420 with Unsupported). They need the call registry, so they run here, in the B2BUA,
 * after the access stage: a source the ACL drops still gets no answer. Pure: reads the request,
 * answers nothing itself.
 */
final class NewCallValidity {

    static final Stage STAGE = Stage.SIZE_GRAMMAR;

    private static final Reply LOOP = Reply.of(Response.LOOP_DETECTED);
    private static final Reply NO_HOPS_LEFT = Reply.of(Response.TOO_MANY_HOPS);

    private final Predicate<String> ownCallId;

    /** @param ownCallId true for the Call-ID of a leg the gateway sent */
    NewCallValidity(Predicate<String> ownCallId) {
        this.ownCallId = ownCallId;
    }

    StageResult check(Request invite) {
        if (ownCallId.test(((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId())) {
            return LOOP;
        }
        if (Capabilities.maxForwards(invite) <= 0) {
            return NO_HOPS_LEFT;
        }
        List<String> unsupported = Capabilities.unsupportedRequired(invite);
        return unsupported.isEmpty() ? StageResult.CONTINUE : Reply.badExtension(unsupported);
    }
}
