package org.opensbc.core.b2bua;

import java.text.ParseException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.core.trunk.Trunk;
import org.opensbc.rules.Evaluation;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageResult;
import org.opensbc.sip.pipeline.StageResult.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new call (INVITE without To tag), through the pipeline's stages in order: size/grammar
 * ({@link NewCallValidity}: loops, Max-Forwards, extensions), authentication
 * ({@link AuthenticationStage}: the open-relay refusal, digest, or a trunk's address), routing (rules, then targets: registered
 * contacts, or trunks that are up and have room), then {@link CallSetup}. Each refusal is one
 * clear final response, recorded as the decision of the stage that made it.
 */
final class InviteHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InviteHandler.class);

    private final SipContext sip;
    private final CallSetup setup;
    private final CallRegistry calls;
    private final AuthenticationStage authentication;
    private final RouteTargets targets;
    private final RoutingTable routing;
    private final GatewayMetrics metrics;
    private final CallEnding ending;
    private final NewCallValidity validity;

    /** Retry-After of the 503 that new calls get while the gateway drains. */
    private final int drainRetryAfterSeconds;

    InviteHandler(SipContext sip, CallSetup setup, CallRegistry calls, CallerCheck callers, RouteTargets targets,
            RoutingTable routing, GatewayMetrics metrics, CallEnding ending, int drainRetryAfterSeconds) {
        this.drainRetryAfterSeconds = drainRetryAfterSeconds;
        this.ending = ending;
        this.sip = sip;
        this.setup = setup;
        this.calls = calls;
        this.authentication = new AuthenticationStage(callers, metrics);
        this.targets = targets;
        this.routing = routing;
        this.metrics = metrics;
        this.validity = new NewCallValidity(calls::isOwnCallId);
    }

    void handle(RequestEvent event) throws ParseException {
        Request invite = event.getRequest();
        metrics.callAttempt();
        if (calls.isDraining()) {
            refuseWhileDraining(invite);
            return;
        }
        StageResult valid = validity.check(invite);
        if (valid instanceof Reply refusal) {
            refuse(NewCallValidity.STAGE, invite, null, refusal);
            return;
        }
        SourceAddress source = SourceAddress.of(invite);
        RoutingTable.Snapshot table = routing.current(); // one set of rules and trunks for the whole call
        CallerCheck.Caller caller = authentication.identify(invite, source, table.trunks(), metrics::callRefused);
        if (caller == null) {
            return; // challenged or refused, statelessly
        }
        String claim = CallRegistry.callerInvite(invite);
        if (!calls.claim(claim)) {
            return; // a retransmission of an INVITE whose call exists: its transaction answers it
        }
        try {
            if (!startCall(event, invite, source, table, caller)) {
                calls.unclaim(claim);
            }
        } catch (ParseException | RuntimeException e) {
            calls.unclaim(claim);
            throw e;
        }
    }

    /** Past authentication: transaction, 100 Trying, routing, targets. True when a call started. */
    private boolean startCall(RequestEvent event, Request invite, SourceAddress source, RoutingTable.Snapshot table,
            CallerCheck.Caller caller) throws ParseException {
        Trunk sourceTrunk = caller.trunk();
        String callerIdentity = caller.identity();
        ServerTransaction st = event.getServerTransaction();
        if (st == null) {
            try {
                st = sip.provider.getNewServerTransaction(invite);
            } catch (TransactionAlreadyExistsException retransmission) {
                return false;
            } catch (TransactionUnavailableException e) {
                sip.replies.answer(invite, null, Response.SERVER_INTERNAL_ERROR, null);
                return false;
            }
        }
        sip.replies.trying(invite, st);
        URI ruri = invite.getRequestURI();
        if (!(ruri instanceof SipURI target) || target.getUser() == null) {
            refuse(Stage.ROUTING, invite, st, Reply.of(Response.NOT_FOUND));
            return false;
        }
        Evaluation routed = table.rules().evaluate(RoutingFacts.of(invite, source, sourceTrunk), routing.environment());
        String dialled = routed.requestUser() + "@" + target.getHost();
        String calleeIdentity = target.getUser() + "@" + target.getHost();
        RouteTargets.Routed route = caller.peerNode() != null ? targets.forPeer(target)
                : targets.of(routed, target, table.trunks(), true);
        if (route.targets().isEmpty()) {
            refuse(Stage.ROUTING, invite, st, Reply.of(route.status(), route.reason()));
            ending.refused(callerIdentity, calleeIdentity, ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId(),
                    route.status(), route.disposition());
            return false;
        }
        try {
            setup.start(invite, st, source, callerIdentity, dialled, route.targets(), route.failover(), routed.headers());
            return true;
        } catch (SipException | RuntimeException e) {
            LOG.warn("INVITE from {} could not start a call: {}", source.key(), e.toString());
            route.targets().forEach(CallTarget::releaseTrunk);
            refuse(Stage.ROUTING, invite, st, Reply.of(Response.SERVER_INTERNAL_ERROR));
            return false;
        }
    }

    /** RFC 3261 21.5.4: 503 with Retry-After; the caller tries another gateway or comes back. */
    private void refuseWhileDraining(Request invite) {
        refuse(Stage.ACCESS, invite, null, Reply.serviceUnavailable("Shutting Down", drainRetryAfterSeconds));
    }

    /** {@code stage} refuses the new call: counted as a refused call, and as that stage's decision. */
    private void refuse(Stage stage, Request invite, ServerTransaction st, Reply reply) {
        metrics.callRefused(reply.status());
        sip.replies.refuse(stage, invite, st, reply);
    }
}
