package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A callee's provisional response (180, 183 with early media) on its way to the caller:
 * reliable (100rel, PRACKed hop by hop) when both sides support it, else plain. Caller holds
 * the call's monitor.
 */
final class ProvisionalRelay {

    private static final Logger LOG = LoggerFactory.getLogger(ProvisionalRelay.class);

    /** Builds the caller-side response for a status (our To tag, Contact, Warning). */
    @FunctionalInterface
    interface CallerResponses {
        Response towardsCaller(Call call, int status) throws ParseException, InvalidArgumentException;
    }

    private final SipContext sip;
    private final CallerResponses responses;

    ProvisionalRelay(SipContext sip, CallerResponses responses) {
        this.sip = sip;
        this.responses = responses;
    }

    /** Relays a 1xx (not 100) of {@code leg} to the caller, reliably when both sides can. */
    void relay(CallLeg leg, Response response) {
        Call call = leg.call;
        boolean reliable = Capabilities.lists(response, RequireHeader.NAME, "100rel");
        if (reliable) {
            sendPrack(leg, response); // RFC 3262 is hop by hop: this leg's reliability is ours to ack
        }
        try {
            if (reliable && call.caller.peerSupports100rel && sendReliably(leg, response)) {
                return;
            }
            Response out = responses.towardsCaller(call, response.getStatusCode());
            sip.copyResponseHeaders(response, out);
            sip.media.copyBody(leg, response, out);
            call.caller.inviteServer().sendResponse(out);
        } catch (ParseException | SipException | InvalidArgumentException | MediaAnchor.Refused | RuntimeException e) {
            LOG.debug("call {}: provisional not relayed: {}", call.id, e.toString());
        }
    }

    /**
     * The callee's reliable provisional goes to a caller that supports 100rel reliably too (the
     * stack adds Require: 100rel and RSeq, retransmits until the caller's PRACK). False when one
     * is still unacknowledged: that one then goes unreliably.
     */
    private boolean sendReliably(CallLeg leg, Response response)
            throws ParseException, InvalidArgumentException, MediaAnchor.Refused {
        Call call = leg.call;
        try {
            Response out = call.caller.dialog().createReliableProvisionalResponse(response.getStatusCode());
            ((ToHeader) out.getHeader(ToHeader.NAME)).setTag(call.callerTag);
            out.addHeader(sip.contact(call.caller.hop()));
            sip.copyResponseHeaders(response, out);
            sip.media.copyBody(leg, response, out);
            call.caller.dialog().sendReliableProvisionalResponse(out);
            return true;
        } catch (SipException pending) {
            LOG.debug("call {}: reliable provisional not possible now: {}", call.id, pending.getMessage());
            return false;
        }
    }

    private void sendPrack(CallLeg leg, Response reliable) {
        try {
            Request prack = leg.dialog().createPrack(reliable);
            sip.sendInDialog(leg.dialog(), prack, leg.hop(), null);
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: PRACK failed: {}", leg.call.id, e.toString());
        }
    }
}
