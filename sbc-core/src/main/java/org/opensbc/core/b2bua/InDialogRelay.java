package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.call.CallEvent;
import org.opensbc.core.call.HangUpReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests inside an established call: each is answered on its own leg and, unless it only
 * concerns that leg (BYE, PRACK, a bare session refresh), re-created on the other leg's dialog
 * with that dialog's Call-ID, tags, CSeq and route, and its answer mapped back.
 */
final class InDialogRelay {

    private static final Logger LOG = LoggerFactory.getLogger(InDialogRelay.class);

    private final SipContext sip;
    private final CallDriver driver;
    private final CallEnding ending;
    private final SessionTimers timers;
    private final boolean transferEnabled;
    private final DtmfInterworking dtmf;
    private final TransferHandler transfers;

    InDialogRelay(SipContext sip, CallDriver driver, CallEnding ending, SessionTimers timers, boolean transferEnabled,
            DtmfInterworking dtmf, TransferHandler transfers) {
        this.transfers = transfers;
        this.sip = sip;
        this.driver = driver;
        this.ending = ending;
        this.timers = timers;
        this.transferEnabled = transferEnabled;
        this.dtmf = dtmf;
    }

    /** A request on {@code leg}'s dialog (never ACK or CANCEL). */
    void onRequest(CallLeg leg, Request request, ServerTransaction st) {
        Call call = leg.call;
        synchronized (call) {
            String method = request.getMethod();
            if (Request.BYE.equals(method)) {
                onBye(leg, request, st);
                return;
            }
            if (Request.PRACK.equals(method)) {
                reply(request, st, Response.OK); // reliability is hop by hop: the other leg had its own PRACK
                return;
            }
            if (!call.isUp()) {
                reply(request, st, Request.INVITE.equals(method) || Request.UPDATE.equals(method)
                        ? Response.REQUEST_PENDING : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                return;
            }
            if (Request.REFER.equals(method) && !transferEnabled) {
                reply(request, st, Response.FORBIDDEN);
                return;
            }
            if (Request.REFER.equals(method) && transfers.handles(leg, request)) {
                transfers.onRefer(leg, request, st); // the gateway places the call for the transferee
                return;
            }
            if (Capabilities.maxForwards(request) <= 0) {
                reply(request, st, Response.TOO_MANY_HOPS);
                return;
            }
            if (Request.INFO.equals(method) && dtmf.playInfoDigit(leg, request, st)) {
                return; // a digit towards a phone, played to it as RFC 4733 events
            }
            if (Request.UPDATE.equals(method) && request.getRawContent() == null) {
                answerRefresh(leg, request, st); // JsSIP's session refresh: a matter of this leg alone
                return;
            }
            CallLeg to = call.peerOf(leg);
            if (Request.INVITE.equals(method) && to != null && to.owesAck()) {
                // the sender's ACK for its previous INVITE is still on its way (another thread has
                // it): the peer must get that ACK before this INVITE, so this one waits for it
                to.afterAck(() -> relay(leg, request, st));
                return;
            }
            relay(leg, request, st);
        }
    }

    private void onBye(CallLeg leg, Request bye, ServerTransaction st) {
        reply(bye, st, Response.OK);
        driver.fire(leg.call, new CallEvent.ByeReceived(leg.call.legOf(leg)));
    }

    private void answerRefresh(CallLeg leg, Request update, ServerTransaction st) {
        try {
            Response ok = sip.replies.create(update, Response.OK, null);
            ok.addHeader(sip.contact(leg.hop()));
            timers.peerRefreshed(leg, update, ok);
            st.sendResponse(ok);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("call {}: refresh answer failed: {}", leg.call.id, e.toString());
        }
    }

    private void relay(CallLeg from, Request request, ServerTransaction st) {
        CallLeg to = from.call.peerOf(from);
        String method = request.getMethod();
        try {
            Request out = to.dialog().createRequest(method);
            sip.copyRequestHeaders(request, out);
            try {
                sip.media.copyBody(from, request, out);
            } catch (MediaAnchor.Refused e) {
                LOG.debug("call {}: {} offer refused: {}", from.call.id, method, e.getMessage());
                Response refusal = sip.replies.create(request, e.status == 503 ? Response.SERVER_INTERNAL_ERROR : e.status, null);
                refusal.addHeader(sip.headers.createWarningHeader(sip.host, e.warnCode, e.getMessage()));
                sip.replies.send(request, st, refusal);
                return;
            }
            ((MaxForwardsHeader) out.getHeader(MaxForwardsHeader.NAME)).setMaxForwards(Capabilities.maxForwards(request) - 1);
            if (refreshesTarget(method)) {
                // the stack's default Contact names the listening socket (0.0.0.0, [::]): a peer that
                // took it as the dialog's new target would send its next requests nowhere
                out.setHeader(sip.contact(to.hop()));
            }
            if (Request.INVITE.equals(method) || Request.UPDATE.equals(method)) {
                Capabilities.addAllow(out, sip.headers);
                timers.decorate(to, out);
                to.sent(out);
            }
            sip.sendInDialog(to.dialog(), out, to.hop(), new Relayed(from, request, st, to));
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("call {}: {} not relayed: {}", from.call.id, method, e.toString());
            reply(request, st, Response.SERVER_INTERNAL_ERROR);
        }
    }

    /** The ACK for a 2xx the gateway sent on {@code leg}: the other leg may owe its ACK too. */
    void onAck(CallLeg leg, Request ack) {
        Call call = leg.call;
        synchronized (call) {
            if (leg.isCaller()) {
                driver.fire(call, new CallEvent.CallerAcked());
            }
            CallLeg peer = call.peerOf(leg);
            if (peer == null || !peer.owesAck() || !call.isUp()) {
                return;
            }
            long cseq = peer.takeOwedAck();
            try {
                sip.sendAck(peer, cseq, ack.getRawContent() != null ? anchored(leg, ack) : null);
            } catch (SipException | ParseException | MediaAnchor.Refused | RuntimeException e) {
                LOG.debug("call {}: ACK not relayed: {}", call.id, e.toString());
            }
            Runnable waiting = peer.takeAfterAck();
            if (waiting != null) {
                waiting.run();
            }
        }
    }

    /** The caller's late answer (in its ACK) as the callee must see it. */
    private Request anchored(CallLeg leg, Request ack) throws ParseException, MediaAnchor.Refused {
        Request copy = (Request) ack.clone();
        sip.media.copyBody(leg, ack, copy);
        return copy;
    }

    private void reply(Request request, ServerTransaction st, int status) {
        sip.replies.answer(request, st, status, null);
    }

    /** A relayed request waiting for the other leg's answer. */
    private final class Relayed implements PendingRequest {
        private final CallLeg from;
        private final Request request;
        private final ServerTransaction st;
        private final CallLeg to;

        Relayed(CallLeg from, Request request, ServerTransaction st, CallLeg to) {
            this.from = from;
            this.request = request;
            this.st = st;
            this.to = to;
        }

        @Override
        public void onResponse(ResponseEvent event) {
            Response in = event.getResponse();
            int status = in.getStatusCode();
            if (status == Response.TRYING) {
                return;
            }
            Call call = from.call;
            synchronized (call) {
                boolean sessionChanging = Request.INVITE.equals(request.getMethod()) || Request.UPDATE.equals(request.getMethod());
                try {
                    Response out = sip.replies.create(request, status >= 300 ? inDialogFailure(status) : status, null);
                    sip.copyResponseHeaders(in, out);
                    sip.media.copyBody(to, in, out);
                    if (status >= 200 && status < 300 && refreshesTarget(request.getMethod())) {
                        out.setHeader(sip.contact(from.hop()));
                    }
                    if (sessionChanging && status >= 200 && status < 300) {
                        Capabilities.addAllow(out, sip.headers);
                        timers.gatewayRefreshed(to, in);
                        timers.peerRefreshed(from, request, out);
                        from.sent(out);
                        if (Request.INVITE.equals(request.getMethod())) {
                            to.owesAckFor(((CSeqHeader) in.getHeader(CSeqHeader.NAME)).getSeqNumber());
                        }
                    }
                    st.sendResponse(out);
                } catch (ParseException | SipException | InvalidArgumentException | MediaAnchor.Refused | RuntimeException e) {
                    LOG.debug("call {}: answer to {} not relayed: {}", call.id, request.getMethod(), e.toString());
                }
                if (sessionChanging && (status == 408 || status == 481)) {
                    ending.hangUp(call, HangUpReason.DIALOG_GONE); // RFC 5057: that dialog is gone
                }
            }
        }

        @Override
        public void onTimeout() {
            Call call = from.call;
            synchronized (call) {
                reply(request, st, Response.REQUEST_TIMEOUT);
                if (Request.INVITE.equals(request.getMethod()) || Request.UPDATE.equals(request.getMethod())) {
                    ending.hangUp(call, HangUpReason.DIALOG_GONE);
                }
            }
        }
    }

    /** Requests whose Contact is the dialog's new remote target (RFC 3261 12.2, RFC 6665, RFC 3515). */
    private static boolean refreshesTarget(String method) {
        return Request.INVITE.equals(method) || Request.UPDATE.equals(method) || Request.REFER.equals(method)
                || Request.NOTIFY.equals(method) || Request.SUBSCRIBE.equals(method);
    }

    /** In a dialog the far side's failure codes mostly mean the same to the near side. */
    private static int inDialogFailure(int status) {
        return switch (status) {
            case 401, 407 -> Response.FORBIDDEN;
            case 503 -> Response.SERVER_INTERNAL_ERROR;
            default -> status >= 300 && status < 400 ? Response.NOT_ACCEPTABLE_HERE : status;
        };
    }
}
