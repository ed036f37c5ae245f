package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.sip.pipeline.DecisionLog;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageResult.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's single listener, where the inbound pipeline goes on past the admission valve: each
 * request goes to its stage ({@link InboundStages}): the registrar, routing (new calls, OPTIONS,
 * MESSAGE, refusals of what the gateway does not serve) or the dialog stage (ACK, CANCEL, requests
 * inside a call). Responses and timeouts go to whoever sent the request. Runs on the stack's
 * threads (re-entrant mode), so handlers are thread-safe and never block.
 */
final class SipRequestDispatcher implements SipListener, gov.nist.javax.sip.SipListenerExt {

    private static final Logger LOG = LoggerFactory.getLogger(SipRequestDispatcher.class);
    private static final Reply NO_SUCH_DIALOG = Reply.of(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);

    private final SipContext sip;
    private final RegisterHandler register;
    private final OptionsHandler options;
    private final InviteHandler invites;
    private final MessageHandler messages;
    private final CallSetup setup;
    private final InDialogRelay relay;
    private final CallRegistry calls;
    private final CallEnding ending;

    SipRequestDispatcher(SipContext sip, RegisterHandler register, OptionsHandler options, InviteHandler invites,
            MessageHandler messages, CallSetup setup, InDialogRelay relay, CallRegistry calls, CallEnding ending) {
        this.messages = messages;
        this.sip = sip;
        this.register = register;
        this.options = options;
        this.invites = invites;
        this.setup = setup;
        this.relay = relay;
        this.calls = calls;
        this.ending = ending;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        boolean inDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
        Stage stage = InboundStages.of(request.getMethod(), inDialog);
        if (DecisionLog.tracing()) {
            DecisionLog.handedTo(stage, request.getMethod(), SourceAddress.of(request).key());
        }
        try {
            switch (stage) {
                case REGISTRAR -> register.handle(event);
                case DIALOG -> dialog(event, inDialog);
                case ROUTING -> route(event);
                default -> throw new IllegalStateException(stage + " is not a stage the dispatcher hands requests to");
            }
        } catch (ParseException | RuntimeException e) {
            LOG.warn("{} from {} failed: {}", request.getMethod(), SourceAddress.of(request).key(), e.toString());
            if (!Request.ACK.equals(request.getMethod())) {
                sip.replies.answer(request, event.getServerTransaction(), Response.SERVER_INTERNAL_ERROR, null);
            }
        }
    }

    /** The routing stage: requests outside a call, to their handler by method. */
    private void route(RequestEvent event) throws ParseException {
        Request request = event.getRequest();
        switch (request.getMethod()) {
            case Request.INVITE -> invites.handle(event);
            case Request.OPTIONS -> options.handle(request);
            case Request.MESSAGE -> messages.handle(event);
            // no event package is served: RFC 6665 4.2.1.1, a deliberate refusal, not a 501
            case Request.SUBSCRIBE -> sip.replies.refuse(Stage.ROUTING, request, null, Reply.of(Response.BAD_EVENT));
            default -> sip.replies.refuse(Stage.ROUTING, request, null, Reply.of(Response.NOT_IMPLEMENTED));
        }
    }

    /** The dialog stage: ACK, CANCEL, and requests inside a call (481 when they name none). */
    private void dialog(RequestEvent event, boolean inDialog) {
        Request request = event.getRequest();
        switch (request.getMethod()) {
            case Request.ACK -> onAck(event);
            case Request.CANCEL -> onCancel(event);
            default -> {
                if (inDialog) {
                    inDialog(event);
                } else {
                    sip.replies.refuse(Stage.DIALOG, request, null, NO_SUCH_DIALOG);
                }
            }
        }
    }

    private void inDialog(RequestEvent event) {
        Request request = event.getRequest();
        CallLeg leg = legOf(event.getDialog());
        ServerTransaction st = sip.serverTransaction(event);
        if (st == null) {
            return;
        }
        if (leg == null) {
            sip.replies.refuse(Stage.DIALOG, request, st, NO_SUCH_DIALOG);
            return;
        }
        relay.onRequest(leg, request, st);
    }

    private void onAck(RequestEvent event) {
        // ACKs of our non-2xx finals are absorbed by their transactions; these are ACKs of 2xx
        CallLeg leg = legOf(event.getDialog());
        if (leg != null) {
            relay.onAck(leg, event.getRequest());
        }
    }

    private void onCancel(RequestEvent event) {
        Request cancel = event.getRequest();
        ServerTransaction st = sip.serverTransaction(event);
        Call call = calls.ringing(CallSetup.inviteKey(cancel));
        if (call == null) {
            sip.replies.refuse(Stage.DIALOG, cancel, st, NO_SUCH_DIALOG);
            return;
        }
        Response ok = sip.replies.create(cancel, Response.OK, null);
        try {
            ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(call.callerTag); // the INVITE's answers' tag
        } catch (ParseException e) {
            LOG.debug("call {}: CANCEL's tag not set: {}", call.id, e.toString());
        }
        sip.replies.send(cancel, st, ok);
        setup.onCancel(call);
    }

    private static CallLeg legOf(Dialog dialog) {
        return dialog != null && dialog.getApplicationData() instanceof CallLeg leg ? leg : null;
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction ct = event.getClientTransaction();
        if (ct == null) {
            return; // a 2xx retransmission: the dialog re-sends our ACK by itself
        }
        Object owner = ct.getApplicationData();
        if (owner instanceof CallLeg fork) {
            setup.onForkResponse(fork, event);
        } else if (owner instanceof PendingRequest pending) {
            pending.onResponse(event);
        }
        // no owner: keepalive OPTIONS, CANCEL, BYE, PRACK: the arrival is all that matters
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        Object owner = event.getClientTransaction().getApplicationData();
        if (owner instanceof CallLeg fork) {
            setup.onForkTimeout(fork);
        } else if (owner instanceof PendingRequest pending) {
            pending.onTimeout();
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) { }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) { }

    /** Our 2xx was never ACKed (RFC 3261 Timer H equivalent for dialogs): the call cannot stand. */
    @Override
    public void processDialogTimeout(gov.nist.javax.sip.DialogTimeoutEvent event) {
        CallLeg leg = legOf(event.getDialog());
        if (leg != null) {
            LOG.info("call {}: no ACK from the {} ({}), ending it", leg.call.id, leg.role, event.getReason());
            ending.hangUp(leg.call, org.opensbc.core.call.HangUpReason.NO_ACK);
        }
    }
}
