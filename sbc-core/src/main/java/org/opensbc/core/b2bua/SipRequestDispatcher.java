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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's single listener: new requests go to their handler by method, requests inside a
 * call to the relay, responses and timeouts to whoever sent the request. Runs on the stack's
 * threads (re-entrant mode), so handlers are thread-safe and never block.
 */
final class SipRequestDispatcher implements SipListener, gov.nist.javax.sip.SipListenerExt {

    private static final Logger LOG = LoggerFactory.getLogger(SipRequestDispatcher.class);

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
        try {
            switch (request.getMethod()) {
                case Request.REGISTER -> register.handle(event);
                case Request.ACK -> onAck(event);
                case Request.CANCEL -> onCancel(event);
                case Request.INVITE -> {
                    if (inDialog) {
                        inDialog(event);
                    } else {
                        invites.handle(event);
                    }
                }
                case Request.OPTIONS -> {
                    if (inDialog) {
                        inDialog(event);
                    } else {
                        options.handle(request);
                    }
                }
                case Request.MESSAGE -> {
                    if (inDialog) {
                        inDialog(event);
                    } else {
                        messages.handle(event);
                    }
                }
                case Request.SUBSCRIBE -> {
                    // no event package is served: RFC 6665 4.2.1.1, a deliberate refusal, not a 501
                    Response badEvent = sip.replies.create(request, Response.BAD_EVENT, null);
                    sip.replies.send(request, null, badEvent);
                }
                case Request.BYE, Request.UPDATE, Request.INFO, Request.REFER, Request.NOTIFY, Request.PRACK -> {
                    if (inDialog) {
                        inDialog(event);
                    } else {
                        sip.replies.reject(request, null, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
                    }
                }
                default -> sip.replies.reject(request, null, Response.NOT_IMPLEMENTED, null);
            }
        } catch (ParseException | RuntimeException e) {
            LOG.warn("{} from {} failed: {}", request.getMethod(), SourceAddress.of(request).key(), e.toString());
            if (!Request.ACK.equals(request.getMethod())) {
                sip.replies.reject(request, event.getServerTransaction(), Response.SERVER_INTERNAL_ERROR, null);
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
            sip.replies.reject(request, st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
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
            sip.replies.reject(cancel, st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
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
