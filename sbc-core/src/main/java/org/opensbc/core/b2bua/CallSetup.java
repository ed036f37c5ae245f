package org.opensbc.core.b2bua;

import org.opensbc.core.call.FailureMapping;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.rules.model.HeaderEdits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From a caller's INVITE to an answered call, or to the failure the caller hears: the outgoing
 * INVITEs (one per fork), their provisional and final responses, CANCEL, and the ring timeout.
 * All of a call's events run holding the call's monitor.
 */
final class CallSetup {

    private static final Logger LOG = LoggerFactory.getLogger(CallSetup.class);
    /** RFC 3261 section 13.3.1.4: a 2xx is retransmitted for 64*T1 = 32 s waiting for the ACK. */
    static final long ACK_WAIT_MILLIS = 32_000;

    private final SipContext sip;
    private final CallRegistry calls;
    private final CallEnding ending;
    private final SessionTimers timers;
    private final GatewayConfig.Calls config;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final LargeRequests sizing;
    private final ForkInvites invites;
    private final ProvisionalRelay provisionals;
    private final TrunkFailover failover;
    private final TrunkAuth trunkAuth;
    private final ForkCancel cancels;

    CallSetup(SipContext sip, CallRegistry calls, CallEnding ending, SessionTimers timers, GatewayConfig.Calls config,
            ScheduledExecutorService scheduler, Clock clock) {
        this.sip = sip;
        this.calls = calls;
        this.ending = ending;
        this.timers = timers;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
        this.sizing = new LargeRequests(sip, config.udpSizeLimit());
        this.invites = new ForkInvites(sip, timers);
        this.provisionals = new ProvisionalRelay(sip, sip::towardsCaller);
        this.failover = new TrunkFailover(sip, scheduler, config.failoverTimeout());
        this.trunkAuth = new TrunkAuth(sip);
        this.cancels = new ForkCancel(sip);
    }

    /** Key of a caller's INVITE that its CANCEL shares: Call-ID and top Via branch. */
    static String inviteKey(Request request) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId() + "|"
                + ((ViaHeader) request.getHeader(ViaHeader.NAME)).getBranch();
    }

    /**
     * Creates the call and sends an INVITE to every target (parallel forking); a trunk route has
     * one target and the trunks to fail over to.
     *
     * @param failover trunks to try in turn if the first fails (408, 5xx, no response)
     * @param edits    the routing rule's header edits, for every outgoing INVITE
     */
    void start(Request invite, ServerTransaction st, SourceAddress source, String callerIdentity,
            String calleeIdentity, List<CallTarget> targets, List<Trunk> failover, HeaderEdits edits)
            throws SipException {
        Dialog callerDialog = sip.provider.getNewDialog(st);
        Call call = new Call(calls.nextId(), clock.instant(), callerIdentity, calleeIdentity, sip.newTag(),
                c -> new CallLeg(c, CallLeg.Role.CALLER, NextHop.parse(source.key()), invite, supports100rel(invite)));
        CallLeg caller = call.caller;
        caller.dialog = callerDialog;
        caller.inviteServer = st;
        callerDialog.setApplicationData(caller);
        call.failover.addAll(failover);
        call.headerEdits = edits;
        if (targets.get(0).trunk() != null) {
            call.trunkUser = ((javax.sip.address.SipURI) targets.get(0).requestUri()).getUser();
        }
        synchronized (call) {
            calls.add(call, inviteKey(invite));
            sip.media.decide(call, targets.stream().map(CallTarget::hop).toList());
            for (CallTarget target : targets) {
                startFork(call, target);
            }
            if (call.allForksFinished()) {
                failCaller(call, FailureMapping.towardsCaller(call.bestFailure));
                return;
            }
            call.ringTimer = scheduler.schedule(() -> ringTimeout(call), config.ringTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.debug("call {}: {} -> {} ({} targets)", call.id, callerIdentity, calleeIdentity, targets.size());
    }

    private void startFork(Call call, CallTarget target) {
        Request out;
        try {
            out = invites.create(call, target);
        } catch (ParseException | InvalidArgumentException e) {
            LOG.warn("call {}: cannot build INVITE to {}: {}", call.id, target.hop().key(), e.toString());
            call.bestFailure = Math.max(call.bestFailure, Response.SERVER_INTERNAL_ERROR);
            target.releaseTrunk();
            return;
        } catch (MediaAnchor.Refused e) {
            LOG.debug("call {}: offer refused: {}", call.id, e.getMessage());
            call.bestFailure = Math.max(call.bestFailure, e.status);
            call.warning = e;
            target.releaseTrunk();
            return;
        }
        NextHop hop = target.hop();
        CallLeg leg = addFork(call, out, hop);
        leg.trunk = target.trunk();
        failover.armResponseTimer(leg, () -> noResponse(leg));
        try {
            NextHop sized = sizing.transportFor(out, hop, target.tcpCapable());
            if (sized != hop) {
                leg.udpFallback = hop;
                if (!send(leg, sized)) {
                    fallBackToUdp(leg);
                }
                return;
            }
        } catch (ParseException | InvalidArgumentException e) {
            LOG.debug("call {}: transport switch failed: {}", call.id, e.toString());
        }
        if (!send(leg, hop)) {
            forkFailed(leg, Response.SERVICE_UNAVAILABLE);
        }
    }

    /**
     * RFC 3261 18.1.1: the target refused the TCP connection a large request switched to, so the
     * request goes over UDP after all, on a new transaction and dialog (same Call-ID and tag).
     */
    private void fallBackToUdp(CallLeg leg) {
        NextHop udp = leg.udpFallback;
        leg.udpFallback = null;
        LOG.debug("call {}: no TCP to {}, large INVITE goes over UDP", leg.call.id, udp.key());
        // A late 503 from the stack's connect retry must not fail the UDP attempt: the old
        // transaction loses its owner and keeps its own request (the stack builds that 503 from
        // it, so a shared request with the new Via would match the new transaction).
        if (leg.inviteClient != null) {
            leg.inviteClient.setApplicationData(null);
        }
        leg.invite = (Request) leg.invite.clone();
        if (leg.dialog != null) {
            leg.dialog.delete();
            leg.dialog = null;
        }
        try {
            sizing.useTransport(leg.invite, udp);
        } catch (ParseException | InvalidArgumentException e) {
            forkFailed(leg, Response.SERVICE_UNAVAILABLE);
            return;
        }
        if (!send(leg, udp)) {
            forkFailed(leg, Response.SERVICE_UNAVAILABLE);
        }
    }

    /**
     * Creates the fork's transaction and dialog and sends its INVITE to {@code hop}. False when
     * the stack could not send it (no route, connection refused); the leg is not finished then,
     * so the caller can retry or fail it.
     */
    private boolean send(CallLeg leg, NextHop hop) {
        Request out = leg.invite;
        try {
            hop.applyTo(out);
            ClientTransaction ct = sip.provider.getNewClientTransaction(out);
            leg.inviteClient = ct;
            leg.hop = hop;
            ct.setApplicationData(leg);
            leg.dialog = sip.provider.getNewDialog(ct);
            leg.dialog.setApplicationData(leg);
            ct.sendRequest();
            leg.lastBodySent = out.getRawContent() != null ? out : null;
            return true;
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: INVITE to {} not sent: {}", leg.call.id, hop.key(), e.toString());
            if (leg.dialog != null) {
                leg.dialog.delete();
                leg.dialog = null;
            }
            return false;
        }
    }

    private CallLeg addFork(Call call, Request out, NextHop hop) {
        CallLeg leg = new CallLeg(call, CallLeg.Role.CALLEE, hop, out, false);
        call.forks.add(leg);
        calls.legAdded(leg);
        return leg;
    }

    static boolean supports100rel(Request request) {
        return Capabilities.lists(request, javax.sip.header.SupportedHeader.NAME, "100rel")
                || Capabilities.lists(request, RequireHeader.NAME, "100rel");
    }

    /** A response to one of the call's outgoing INVITEs. */
    void onForkResponse(CallLeg leg, ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        Call call = leg.call;
        synchronized (call) {
            TrunkFailover.responded(leg);
            if (leg.abandoned) {
                if (status >= 200 && status < 300) {
                    ackAndBye(leg, response); // the trunk woke up after we moved on
                }
                return;
            }
            if (event.getDialog() != null && event.getDialog() != leg.dialog && status < 300) {
                // a forking proxy beyond the trunk answered on another early dialog: that one is ours now
                leg.dialog = event.getDialog();
                leg.dialog.setApplicationData(leg);
            }
            if (status < 200) {
                leg.udpFallback = null; // the TCP connection works
                if (provisionals.relay(leg, response)) {
                    cancels.send(leg); // a CANCEL waited for this first provisional
                }
            } else if (status < 300) {
                leg.finished = true;
                if (call.state == Call.State.RINGING) {
                    answer(call, leg, response);
                } else {
                    // 2xx crossed our CANCEL, or another fork won: RFC 3261 section 15 ACK + BYE
                    LOG.debug("call {}: late 200 from {}, ACK and BYE", call.id, leg.hop.key());
                    ackAndBye(leg, response);
                }
            } else if (leg.udpFallback != null && LargeRequests.isLocalTransportError(response)) {
                fallBackToUdp(leg);
            } else if ((status == 401 || status == 407) && answerChallenge(leg, response)) {
                LOG.debug("call {}: trunk {} challenged, INVITE sent again with the account", call.id, leg.trunk.name());
            } else {
                forkFailed(leg, status);
            }
        }
    }

    /** A trunk with an account challenged our INVITE: sent once more with the credentials. */
    private boolean answerChallenge(CallLeg leg, Response challenge) {
        if (leg.trunk == null || leg.authAnswered || leg.call.state != Call.State.RINGING) {
            return false;
        }
        try {
            Request again = trunkAuth.answer(leg.invite, challenge, leg.trunk.spec().digest());
            if (again == null) {
                return false;
            }
            leg.authAnswered = true;
            leg.invite = again;
            if (send(leg, leg.hop)) {
                failover.armResponseTimer(leg, () -> noResponse(leg));
                return true;
            }
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("call {}: challenge of trunk {} not answered: {}", leg.call.id, leg.trunk.name(), e.toString());
        }
        return false;
    }

    /** A trunk that has not answered anything in time: given up, the next trunk gets the call. */
    private void noResponse(CallLeg leg) {
        synchronized (leg.call) {
            if (!leg.finished && leg.call.state == Call.State.RINGING) {
                LOG.debug("call {}: no response from trunk {}", leg.call.id, leg.trunk.name());
                leg.abandoned = true;
                forkFailed(leg, Response.REQUEST_TIMEOUT);
            }
        }
    }

    /** A TLS handshake to {@code hop} failed: its forks that heard nothing fail now (503: failover applies). */
    void connectionFailed(NextHop hop) {
        for (Call call : calls.snapshot()) {
            synchronized (call) {
                call.forks.stream().filter(leg -> TrunkFailover.waitsOn(leg, hop)).toList().forEach(leg -> {
                    TrunkFailover.responded(leg);
                    leg.abandoned = true;
                    forkFailed(leg, Response.SERVICE_UNAVAILABLE);
                });
            }
        }
    }

    void onForkTimeout(CallLeg leg) {
        synchronized (leg.call) {
            if (!leg.finished) {
                forkFailed(leg, Response.REQUEST_TIMEOUT);
            }
        }
    }

    private void answer(Call call, CallLeg leg, Response ok) {
        call.state = Call.State.ANSWERED;
        call.callee = leg;
        call.answeredAt = clock.instant();
        cancelRingTimer(call);
        for (CallLeg other : call.forks) {
            if (other != leg && !other.finished) {
                cancels.fork(other);
            }
        }
        calls.answeredOrFailed(inviteKey(call.caller.invite));
        long cseq = ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber();
        try {
            Response out = sip.towardsCaller(call, Response.OK);
            sip.copyResponseHeaders(ok, out);
            sip.media.copyBody(leg, ok, out);
            Capabilities.addAllow(out, sip.headers);
            timers.answered(call, ok, out);
            call.caller.inviteServer.sendResponse(out);
            call.caller.inviteServer = null;
            call.ackTimer = scheduler.schedule(() -> ackTimeout(call), ACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            call.caller.lastBodySent = out.getRawContent() != null ? out : null;
            if (call.caller.invite.getRawContent() != null) {
                // the offer was in the INVITE: this ACK carries nothing, send it now
                sip.sendAck(leg, cseq, null);
            } else {
                // late offer: the ACK must carry the caller's answer, which its own ACK brings
                leg.ackOwedCseq = cseq;
            }
        } catch (ParseException | SipException | InvalidArgumentException | MediaAnchor.Refused | RuntimeException e) {
            LOG.warn("call {}: answer could not be relayed: {}", call.id, e.toString());
            try {
                sip.sendAck(leg, cseq, null);
            } catch (SipException | RuntimeException ignored) {
                LOG.debug("call {}: ACK failed too", call.id);
            }
            sip.sendBye(leg);
            call.warning = e instanceof MediaAnchor.Refused refused ? refused : null;
            int status = call.warning != null ? call.warning.status : Response.SERVER_INTERNAL_ERROR;
            if (call.caller.inviteServer != null) {
                failCaller(call, FailureMapping.towardsCaller(status));
            } else {
                ending.end(call, "failed", status, "gateway");
            }
        }
    }

    private void ackAndBye(CallLeg leg, Response ok) {
        try {
            sip.sendAck(leg, ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber(), null);
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: ACK of late 200 failed: {}", leg.call.id, e.toString());
        }
        sip.sendBye(leg);
        calls.legReleased(leg);
    }

    private void forkFailed(CallLeg leg, int status) {
        Call call = leg.call;
        if (leg.finished) {
            return;
        }
        leg.finished = true;
        calls.legReleased(leg);
        if (call.state != Call.State.RINGING) {
            return;
        }
        if (FailureMapping.better(status, call.bestFailure)) {
            call.bestFailure = status;
        }
        if (leg.trunk != null && TrunkFailover.appliesTo(status)) {
            for (CallTarget next; call.state == Call.State.RINGING && call.allForksFinished()
                    && (next = failover.next(call)) != null; ) {
                startFork(call, next);
            }
            if (call.state != Call.State.RINGING || !call.allForksFinished()) {
                return; // another trunk has the call, or its failure already ended it
            }
        }
        if (status >= 600) {
            cancels.unfinished(call);
            failCaller(call, FailureMapping.towardsCaller(status));
        } else if (call.allForksFinished()) {
            failCaller(call, FailureMapping.towardsCaller(call.bestFailure));
        }
    }

    /** The caller's INVITE gets a final failure and the call ends. */
    void failCaller(Call call, int status) {
        failCaller(call, status, "gateway");
    }

    /** A call still ringing when the drain ran out: the forks are cancelled, the caller gets 503. */
    void abandon(Call call) {
        synchronized (call) {
            if (call.state == Call.State.RINGING) {
                cancels.unfinished(call);
                failCaller(call, Response.SERVICE_UNAVAILABLE, "shutdown");
            }
        }
    }

    private void failCaller(Call call, int status, String endedBy) {
        cancelRingTimer(call);
        calls.answeredOrFailed(inviteKey(call.caller.invite));
        try {
            call.caller.inviteServer.sendResponse(sip.towardsCaller(call, status));
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("call {}: final {} not sent: {}", call.id, status, e.toString());
        }
        call.caller.inviteServer = null;
        ending.end(call, FailureMapping.disposition(status), status, endedBy);
    }

    /** The caller's CANCEL for a ringing call (the CANCEL itself is already answered). */
    void onCancel(Call call) {
        synchronized (call) {
            if (call.state != Call.State.RINGING) {
                return;
            }
            cancels.unfinished(call);
            failCaller(call, Response.REQUEST_TERMINATED);
        }
    }

    private void ringTimeout(Call call) {
        synchronized (call) {
            if (call.state != Call.State.RINGING) {
                return;
            }
            LOG.debug("call {}: no answer in {}", call.id, config.ringTimeout());
            cancels.unfinished(call);
            failCaller(call, Response.TEMPORARILY_UNAVAILABLE);
        }
    }

    /**
     * A WebSocket connection dropped: a browser that was the caller or the answered callee ends
     * its call (BYE to the other leg); a browser that was only ringing is one failed fork.
     */
    void onFlowClosed(Call call, String flowKey) {
        synchronized (call) {
            if (call.state == Call.State.ANSWERED) {
                CallLeg gone = call.caller.hop.key().equals(flowKey) ? call.caller
                        : call.callee.hop.key().equals(flowKey) ? call.callee : null;
                if (gone != null) {
                    LOG.info("call {}: the {}'s WebSocket closed, ending the call", call.id, gone.role);
                    ending.hangUp(call, gone, gone.isCaller() ? "caller" : "callee");
                }
            } else if (call.state == Call.State.RINGING) {
                if (call.caller.hop.key().equals(flowKey)) {
                    cancels.unfinished(call);
                    calls.answeredOrFailed(inviteKey(call.caller.invite));
                    ending.end(call, "cancelled", Response.REQUEST_TERMINATED, "caller");
                } else {
                    call.forks.stream().filter(f -> !f.finished && f.hop.key().equals(flowKey))
                            .forEach(f -> forkFailed(f, Response.TEMPORARILY_UNAVAILABLE));
                }
            }
        }
    }

    /**
     * The caller never ACKed our 2xx: the stack's own dialog timeout should catch this, but under
     * overload it was seen not to, leaving calls open until their session timer. End it here.
     */
    private void ackTimeout(Call call) {
        synchronized (call) {
            if (call.state == Call.State.ANSWERED && !call.caller.ackReceived) {
                LOG.info("call {}: no ACK from the caller in {} ms, ending it", call.id, ACK_WAIT_MILLIS);
                ending.hangUp(call, null, "gateway");
            }
        }
    }

    private static void cancelRingTimer(Call call) {
        if (call.ringTimer != null) {
            call.ringTimer.cancel(false);
            call.ringTimer = null;
        }
    }
}
