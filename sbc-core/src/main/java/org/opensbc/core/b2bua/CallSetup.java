package org.opensbc.core.b2bua;

import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.call.CallEvent;
import org.opensbc.core.call.CallState;
import org.opensbc.core.call.Leg;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.rules.model.HeaderEdits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP side of call setup: the outgoing INVITEs (one per fork), their responses turned into
 * events for the call's machine, and the actions that concern the caller's INVITE and the forks
 * (relay a provisional or the answer, CANCEL, ACK + BYE a 2xx nobody wants, fail over to the next
 * trunk, the caller's final failure). Which of these happen, and when, the machine decides.
 * All of a call's events run holding the call's monitor.
 */
final class CallSetup {

    private static final Logger LOG = LoggerFactory.getLogger(CallSetup.class);

    private final SipContext sip;
    private final CallRegistry calls;
    private final CallDriver driver;
    private final SessionTimers timers;
    private final Clock clock;
    private final LargeRequests sizing;
    private final ForkInvites invites;
    private final ProvisionalRelay provisionals;
    private final TrunkFailover failover;
    private final TrunkAuth trunkAuth;
    private final ForkCancel cancels;

    CallSetup(SipContext sip, CallRegistry calls, CallDriver driver, SessionTimers timers, GatewayConfig.Calls config,
            ScheduledExecutorService scheduler, Clock clock) {
        this.sip = sip;
        this.calls = calls;
        this.driver = driver;
        this.timers = timers;
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
        call.caller.answersOn(callerDialog, st);
        call.routed(failover, targets.get(0).trunk() != null
                ? ((javax.sip.address.SipURI) targets.get(0).requestUri()).getUser() : null, edits);
        synchronized (call) {
            calls.add(call, inviteKey(invite));
            sip.media.decide(call, targets.stream().map(CallTarget::hop).toList());
            for (CallTarget target : targets) {
                startFork(call, target);
            }
            driver.fire(call, new CallEvent.RoutingDone());
        }
        LOG.debug("call {}: {} -> {} ({} targets)", call.id, callerIdentity, calleeIdentity, targets.size());
    }

    /** Builds and sends one fork's INVITE; false when no fork came of it (nothing could be built). */
    private boolean startFork(Call call, CallTarget target) {
        Request out;
        try {
            out = invites.create(call, target);
        } catch (ParseException | InvalidArgumentException e) {
            LOG.warn("call {}: cannot build INVITE to {}: {}", call.id, target.hop().key(), e.toString());
            target.releaseTrunk();
            driver.fire(call, new CallEvent.ForkNotCreated(Response.SERVER_INTERNAL_ERROR));
            return false;
        } catch (MediaAnchor.Refused e) {
            LOG.debug("call {}: offer refused: {}", call.id, e.getMessage());
            call.warn(e);
            target.releaseTrunk();
            driver.fire(call, new CallEvent.ForkNotCreated(e.status));
            return false;
        }
        NextHop hop = target.hop();
        CallLeg leg = new CallLeg(call, CallLeg.Role.CALLEE, hop, out, false);
        leg.holdsSlotOf(target.trunk());
        int index = call.addFork(leg);
        calls.legAdded(leg);
        driver.fire(call, new CallEvent.ForkStarted(target.trunk() != null));
        failover.armResponseTimer(leg, () -> silent(leg));
        try {
            NextHop sized = sizing.transportFor(out, hop, target.tcpCapable());
            if (sized != hop) {
                leg.triesTcpInsteadOf(hop);
                if (!send(leg, sized)) {
                    fallBackToUdp(leg);
                }
                return true;
            }
        } catch (ParseException | InvalidArgumentException e) {
            LOG.debug("call {}: transport switch failed: {}", call.id, e.toString());
        }
        if (!send(leg, hop)) {
            driver.fire(call, new CallEvent.ForkFailed(index, Response.SERVICE_UNAVAILABLE));
        }
        return true;
    }

    /**
     * RFC 3261 18.1.1: the target refused the TCP connection a large request switched to, so the
     * request goes over UDP after all, on a new transaction and dialog (same Call-ID and tag).
     */
    private void fallBackToUdp(CallLeg leg) {
        NextHop udp = leg.takeUdpFallback();
        LOG.debug("call {}: no TCP to {}, large INVITE goes over UDP", leg.call.id, udp.key());
        // A late 503 from the stack's connect retry must not fail the UDP attempt: the old
        // transaction loses its owner and keeps its own request (the stack builds that 503 from
        // it, so a shared request with the new Via would match the new transaction).
        if (leg.inviteClient() != null) {
            leg.inviteClient().setApplicationData(null);
        }
        leg.reviseInvite((Request) leg.invite().clone());
        leg.dropDialog();
        try {
            sizing.useTransport(leg.invite(), udp);
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
        Request out = leg.invite();
        try {
            hop.applyTo(out);
            ClientTransaction ct = sip.provider.getNewClientTransaction(out);
            leg.sendsOn(ct, hop);
            ct.setApplicationData(leg);
            leg.useDialog(sip.provider.getNewDialog(ct));
            ct.sendRequest();
            leg.sent(out);
            return true;
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: INVITE to {} not sent: {}", leg.call.id, hop.key(), e.toString());
            leg.dropDialog();
            return false;
        }
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
            int fork = call.legOf(leg).fork();
            org.opensbc.core.call.ForkState state = call.forkState(leg);
            if (state != null && state.abandoned()) {
                if (status >= 200 && status < 300) {
                    leg.heard(response);
                    driver.fire(call, new CallEvent.ForkAnswered(fork)); // the trunk woke up after we moved on
                }
                return;
            }
            if (event.getDialog() != null && event.getDialog() != leg.dialog() && status < 300) {
                // a forking proxy beyond the trunk answered on another early dialog: that one is ours now
                leg.useDialog(event.getDialog());
            }
            if (status < 200) {
                leg.tcpWorks();
                if (status != Response.TRYING) {
                    leg.heard(response);
                    driver.fire(call, new CallEvent.ForkProvisional(fork));
                }
            } else if (status < 300) {
                leg.heard(response);
                driver.fire(call, new CallEvent.ForkAnswered(fork));
            } else if (leg.mayFallBackToUdp() && LargeRequests.isLocalTransportError(response)) {
                fallBackToUdp(leg);
            } else if ((status == 401 || status == 407) && answerChallenge(leg, response)) {
                LOG.debug("call {}: trunk {} challenged, INVITE sent again with the account", call.id, leg.trunk().name());
            } else {
                forkFailed(leg, status);
            }
        }
    }

    /** A trunk with an account challenged our INVITE: sent once more with the credentials. */
    private boolean answerChallenge(CallLeg leg, Response challenge) {
        if (leg.trunk() == null || leg.authAnswered() || leg.call.state() != CallState.RINGING) {
            return false;
        }
        try {
            Request again = trunkAuth.answer(leg.invite(), challenge, leg.trunk().spec().digest());
            if (again == null) {
                return false;
            }
            leg.challengeAnswered();
            leg.reviseInvite(again);
            if (send(leg, leg.hop())) {
                failover.armResponseTimer(leg, () -> silent(leg));
                return true;
            }
        } catch (ParseException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("call {}: challenge of trunk {} not answered: {}", leg.call.id, leg.trunk().name(), e.toString());
        }
        return false;
    }

    /** A trunk that has not answered anything in time: given up, the next trunk gets the call. */
    private void silent(CallLeg leg) {
        LOG.debug("call {}: no response yet from trunk {}", leg.call.id, leg.trunk().name());
        driver.fire(leg.call, new CallEvent.ForkSilent(leg.call.legOf(leg).fork()));
    }

    /** A TLS handshake to {@code hop} failed: its forks that heard nothing fail now (503: failover applies). */
    void connectionFailed(NextHop hop) {
        for (Call call : calls.snapshot()) {
            synchronized (call) {
                call.forks().stream().filter(leg -> TrunkFailover.sentTo(leg, hop)).forEach(leg -> {
                    TrunkFailover.responded(leg);
                    driver.fire(call, new CallEvent.ForkUnreachable(call.legOf(leg).fork()));
                });
            }
        }
    }

    void onForkTimeout(CallLeg leg) {
        driver.fire(leg.call, new CallEvent.ForkTimedOut(leg.call.legOf(leg).fork()));
    }

    private void forkFailed(CallLeg leg, int status) {
        driver.fire(leg.call, new CallEvent.ForkFailed(leg.call.legOf(leg).fork(), status));
    }

    // actions the machine asks for

    /** Relays the provisional the fork just heard. */
    void relayProvisional(CallLeg leg) {
        provisionals.relay(leg, leg.lastHeard());
    }

    void cancel(CallLeg leg) {
        cancels.send(leg);
    }

    /** The fork's 2xx goes to the caller; a failure here comes back to the machine as AnswerNotRelayed. */
    void relayAnswer(Call call, CallLeg leg) {
        Response ok = leg.lastHeard();
        long cseq = ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber();
        try {
            Response out = sip.towardsCaller(call, Response.OK);
            sip.copyResponseHeaders(ok, out);
            sip.media.copyBody(leg, ok, out);
            Capabilities.addAllow(out, sip.headers);
            timers.answered(call, ok, out);
            call.caller.inviteServer().sendResponse(out);
            call.caller.finalResponseSent();
            call.caller.sent(out);
            if (call.caller.invite().getRawContent() != null) {
                // the offer was in the INVITE: this ACK carries nothing, send it now
                sip.sendAck(leg, cseq, null);
            } else {
                // late offer: the ACK must carry the caller's answer, which its own ACK brings
                leg.owesAckFor(cseq);
            }
        } catch (ParseException | SipException | InvalidArgumentException | MediaAnchor.Refused | RuntimeException e) {
            LOG.warn("call {}: answer could not be relayed: {}", call.id, e.toString());
            call.warn(e instanceof MediaAnchor.Refused refused ? refused : null);
            int status = call.warning() != null ? call.warning().status : Response.SERVER_INTERNAL_ERROR;
            driver.fire(call, new CallEvent.AnswerNotRelayed(status, call.caller.inviteServer() != null));
        }
    }

    /** A 2xx nobody wants (RFC 3261 section 15): ACK it, BYE the dialog, release the leg. */
    void ackAndBye(CallLeg leg) {
        LOG.debug("call {}: 2xx from {} not wanted, ACK and BYE", leg.call.id, leg.hop().key());
        try {
            sip.sendAck(leg, ((CSeqHeader) leg.lastHeard().getHeader(CSeqHeader.NAME)).getSeqNumber(), null);
        } catch (SipException | RuntimeException e) {
            LOG.debug("call {}: ACK of the 2xx failed: {}", leg.call.id, e.toString());
        }
        sip.sendBye(leg);
        calls.legReleased(leg);
    }

    /** Failover: a fork to the next trunk that is up and has room, or NoTrunkLeft. */
    void tryNextTrunk(Call call) {
        for (CallTarget next; (next = failover.next(call)) != null; ) {
            if (startFork(call, next)) {
                return;
            }
        }
        driver.fire(call, new CallEvent.NoTrunkLeft());
    }

    /** The caller's INVITE is answered finally from now on (its CANCEL finds nothing). */
    void unindex(Call call) {
        calls.answeredOrFailed(inviteKey(call.caller.invite()));
    }

    /** The caller's INVITE gets a final failure. */
    void rejectCaller(Call call, int status) {
        try {
            call.caller.inviteServer().sendResponse(sip.towardsCaller(call, status));
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("call {}: final {} not sent: {}", call.id, status, e.toString());
        }
        call.caller.finalResponseSent();
    }

    // events from elsewhere

    /** The caller's CANCEL for a ringing call (the CANCEL itself is already answered). */
    void onCancel(Call call) {
        driver.fire(call, new CallEvent.CallerCancelled());
    }

    /**
     * A WebSocket connection dropped: a browser that was the caller or the answered callee ends
     * its call (BYE to the other leg); a browser that was only ringing is one failed fork.
     */
    void onFlowClosed(Call call, String flowKey) {
        synchronized (call) {
            if (call.caller.hop().key().equals(flowKey)) {
                LOG.debug("call {}: the caller's WebSocket closed", call.id);
                driver.fire(call, new CallEvent.FlowClosed(Leg.CALLER));
                return;
            }
            List<CallLeg> forks = call.forks();
            for (int i = 0; i < forks.size(); i++) {
                if (forks.get(i).hop().key().equals(flowKey)) {
                    driver.fire(call, new CallEvent.FlowClosed(Leg.fork(i)));
                }
            }
        }
    }
}
