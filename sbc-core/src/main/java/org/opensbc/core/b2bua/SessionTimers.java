package org.opensbc.core.b2bua;

import gov.nist.javax.sip.header.extensions.MinSEHeader;
import gov.nist.javax.sip.header.extensions.SessionExpiresHeader;
import java.text.ParseException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.call.HangUpReason;
import org.opensbc.core.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 4028 session timers, negotiated per leg. The caller keeps the interval it asked for (JsSIP
 * asks 90 s; never a 422 for it) and refreshes itself; towards the callee the gateway asks for its
 * own interval and refreshes when the callee chooses so or does not do timers at all. A leg whose
 * refreshes stop, or whose refresh fails with 408/481, ends the whole call.
 */
final class SessionTimers {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTimers.class);

    private final SipContext sip;
    private final GatewayConfig.Calls config;
    private final ScheduledExecutorService scheduler;
    private CallEnding ending;

    SessionTimers(SipContext sip, GatewayConfig.Calls config, ScheduledExecutorService scheduler) {
        this.sip = sip;
        this.config = config;
        this.scheduler = scheduler;
    }

    void setEnding(CallEnding ending) {
        this.ending = ending;
    }

    private int ourInterval() {
        return (int) config.sessionExpires().toSeconds();
    }

    /** Session-Expires and Min-SE on an INVITE the gateway originates. */
    void offer(Request invite) throws ParseException {
        invite.setHeader(sip.headers.createHeader(SessionExpiresHeader.NAME, Integer.toString(ourInterval())));
        invite.setHeader(sip.headers.createHeader(MinSEHeader.NAME, Long.toString(config.minSessionExpires().toSeconds())));
    }

    /** The call was answered: set both legs' timers and put the caller's into {@code toCaller}. */
    void answered(Call call, Response calleeOk, Response toCaller) throws ParseException {
        CallLeg callee = call.callee();
        callee.runTimer(calleeTimer(calleeOk));
        callee.learnPeerAllowsUpdate(Capabilities.allows(calleeOk, Request.UPDATE));
        CallLeg caller = call.caller;
        caller.learnPeerAllowsUpdate(Capabilities.allows(caller.invite(), Request.UPDATE));
        SessionExpiresHeader asked = (SessionExpiresHeader) caller.invite().getHeader(SessionExpiresHeader.NAME);
        if (asked != null || Capabilities.lists(caller.invite(), SupportedHeader.NAME, "timer")) {
            // the caller's interval as it is, even below our Min-SE: a browser never gets a 422
            int seconds = asked != null ? asked.getExpires() : ourInterval();
            boolean gatewayRefreshes = asked != null && "uas".equalsIgnoreCase(asked.getRefresher());
            caller.runTimer(new SessionTimer(seconds, gatewayRefreshes, true));
            describe(caller.timer(), toCaller);
        } else {
            caller.runTimer(new SessionTimer(ourInterval(), true, false));
        }
        schedule(caller);
        schedule(callee);
    }

    private SessionTimer calleeTimer(Response ok) {
        SessionExpiresHeader se = (SessionExpiresHeader) ok.getHeader(SessionExpiresHeader.NAME);
        if (se == null) {
            return new SessionTimer(ourInterval(), true, false); // no timer support: we refresh anyway
        }
        return new SessionTimer(se.getExpires(), !"uas".equalsIgnoreCase(se.getRefresher()), true);
    }

    /**
     * Session-Expires and Require: timer on our answer to the peer's request (the peer is the UAC
     * of that transaction, so refresher=uas means the gateway refreshes).
     */
    private void describe(SessionTimer timer, Response out) throws ParseException {
        String refresher = timer.gatewayRefreshes() ? "uas" : "uac";
        out.setHeader(sip.headers.createHeader(SessionExpiresHeader.NAME, timer.seconds() + ";refresher=" + refresher));
        out.addHeader(sip.headers.createRequireHeader("timer"));
    }

    /**
     * A re-INVITE or UPDATE from the leg's peer succeeded: the session is fresh. The peer may have
     * changed interval or refresher; {@code answerToPeer}, our 2xx, says what holds now.
     */
    void peerRefreshed(CallLeg leg, Request refresh, Response answerToPeer) throws ParseException {
        if (leg.timer() == null) {
            return;
        }
        SessionExpiresHeader se = (SessionExpiresHeader) refresh.getHeader(SessionExpiresHeader.NAME);
        if (se != null && leg.timer().negotiated) {
            leg.timer().renegotiated(se.getExpires(), "uas".equalsIgnoreCase(se.getRefresher()));
        }
        if (leg.timer().negotiated) {
            describe(leg.timer(), answerToPeer);
        }
        schedule(leg);
    }

    /** A re-INVITE or UPDATE the gateway sent on the leg got a 2xx (relayed, or our own refresh). */
    void gatewayRefreshed(CallLeg leg, Response ok) {
        if (leg.timer() == null) {
            return;
        }
        SessionExpiresHeader se = (SessionExpiresHeader) ok.getHeader(SessionExpiresHeader.NAME);
        if (se != null && leg.timer().negotiated) {
            leg.timer().renegotiated(se.getExpires(), !"uas".equalsIgnoreCase(se.getRefresher()));
        }
        schedule(leg);
    }

    /** Timer headers on a re-INVITE/UPDATE the gateway sends on {@code leg} (relayed or its own refresh). */
    void decorate(CallLeg leg, Request out) throws ParseException {
        out.removeHeader(SessionExpiresHeader.NAME);
        out.removeHeader(MinSEHeader.NAME);
        out.removeHeader(RequireHeader.NAME);
        if (leg.timer() != null && leg.timer().negotiated) {
            String refresher = leg.timer().gatewayRefreshes() ? "uac" : "uas";
            out.setHeader(sip.headers.createHeader(SessionExpiresHeader.NAME, leg.timer().seconds() + ";refresher=" + refresher));
            out.addHeader(sip.headers.createSupportedHeader("timer"));
        }
    }

    private void schedule(CallLeg leg) {
        SessionTimer timer = leg.timer();
        if (timer == null) {
            return;
        }
        timer.cancel();
        if (timer.gatewayRefreshes()) {
            timer.pending(scheduler.schedule(() -> sendRefresh(leg), timer.refreshDelayMillis(), TimeUnit.MILLISECONDS));
        } else {
            timer.pending(scheduler.schedule(() -> expired(leg), timer.expiryDelayMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private void expired(CallLeg leg) {
        synchronized (leg.call) {
            if (leg.call.isUp() && leg.timer() != null) {
                LOG.info("call {}: no session refresh from the {} in {} s, ending it", leg.call.id, leg.role, leg.timer().seconds());
                ending.hangUp(leg.call, HangUpReason.SESSION_EXPIRED);
            }
        }
    }

    /** Our refresh: UPDATE without body when the peer allows it, else re-INVITE with our last SDP. */
    private void sendRefresh(CallLeg leg) {
        synchronized (leg.call) {
            if (!leg.call.isUp() || leg.timer() == null) {
                return;
            }
            try {
                boolean update = leg.peerAllowsUpdate() || leg.lastBodySent() == null;
                Request refresh = leg.dialog().createRequest(update ? Request.UPDATE : Request.INVITE);
                refresh.setHeader(sip.contact(leg.hop()));
                decorate(leg, refresh);
                if (!update) {
                    HeaderPolicy.copyBody(leg.lastBodySent(), refresh);
                }
                sip.sendInDialog(leg.dialog(), refresh, leg.hop(), new OwnRefresh(leg, refresh));
            } catch (ParseException | SipException | RuntimeException e) {
                LOG.debug("call {}: session refresh not sent: {}", leg.call.id, e.toString());
                schedule(leg);
            }
        }
    }

    /** The answer to one of our own refreshes. */
    final class OwnRefresh implements PendingRequest {
        private final CallLeg leg;
        private final Request refresh;

        OwnRefresh(CallLeg leg, Request refresh) {
            this.leg = leg;
            this.refresh = refresh;
        }

        @Override
        public void onResponse(ResponseEvent event) {
            Response response = event.getResponse();
            int status = response.getStatusCode();
            if (status < 200) {
                return;
            }
            synchronized (leg.call) {
                if (!leg.call.isUp()) {
                    return;
                }
                if (status < 300) {
                    if (Request.INVITE.equals(refresh.getMethod())) {
                        try {
                            sip.sendAck(leg, ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber(), null);
                        } catch (SipException e) {
                            LOG.debug("call {}: ACK of refresh failed: {}", leg.call.id, e.toString());
                        }
                    }
                    gatewayRefreshed(leg, response);
                } else if (status == 408 || status == 481) {
                    ending.hangUp(leg.call, HangUpReason.DIALOG_GONE);
                } else {
                    schedule(leg); // e.g. 491 glare: the session still stands; try again later
                }
            }
        }

        @Override
        public void onTimeout() {
            ending.hangUp(leg.call, HangUpReason.DIALOG_GONE);
        }
    }
}
