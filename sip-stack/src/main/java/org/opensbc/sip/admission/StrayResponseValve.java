package org.opensbc.sip.admission;

import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers responses that no longer have a client transaction (mostly 2xx retransmissions after
 * our ACK was sent) before JAIN-SIP looks for one. The stack's own fallback walks every client
 * transaction comparing branches, so each stray response costs time proportional to the call
 * rate; under load, retransmissions then slow the stack down, which causes more retransmissions.
 * What the stack would do next is reproduced here: a 2xx to an INVITE whose ACK was sent gets
 * that ACK again, everything else is dropped (the gateway ignores responses without a
 * transaction). Only RFC 3261 branches are handled; older ones take the stack's path.
 */
public final class StrayResponseValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(StrayResponseValve.class);
    private static final String MAGIC_COOKIE = "z9hg4bk";

    private final SIPTransactionStack stack;
    private final InboundCounters counters;

    public StrayResponseValve(SIPTransactionStack stack, InboundCounters counters) {
        this.stack = stack;
        this.counters = counters;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        SIPResponse sipResponse = (SIPResponse) response;
        String transactionId = sipResponse.getTransactionId();
        if (!transactionId.startsWith(MAGIC_COOKIE) || stack.findTransaction(transactionId, false) != null) {
            return true;
        }
        counters.strayResponse();
        if (sipResponse.getStatusCode() / 100 == 2 && Request.INVITE.equals(sipResponse.getCSeq().getMethod())) {
            resendAck(sipResponse);
        }
        return false;
    }

    private void resendAck(SIPResponse response) {
        SIPDialog dialog = stack.getDialog(response.getDialogId(false));
        if (dialog == null || !dialog.isLastAckPresent()
                || dialog.getLastAckSentCSeq().getSeqNumber() != response.getCSeq().getSeqNumber()) {
            return; // not ACKed yet (late offer waits for the caller): the callee retransmits
        }
        try {
            dialog.resendAck();
        } catch (SipException | RuntimeException e) {
            LOG.debug("could not resend ACK: {}", e.toString());
        }
    }

    @Override
    public boolean processRequest(gov.nist.javax.sip.message.SIPRequest request, MessageChannel channel) {
        return true;
    }

    @Override public void init(SipStack sipStack) { /* configured by constructor */ }
    @Override public void destroy() { /* nothing held */ }
}
