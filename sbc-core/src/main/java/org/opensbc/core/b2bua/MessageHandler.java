package org.opensbc.core.b2bua;

import org.opensbc.core.call.FailureMapping;
import java.text.ParseException;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.metrics.GatewayMetrics;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.rules.Evaluation;
import org.opensbc.sip.pipeline.Stage;
import org.opensbc.sip.pipeline.StageResult;
import org.opensbc.sip.pipeline.StageResult.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pager-mode instant messages (RFC 3428, JsSIP's {@code ua.sendMessage}): an out-of-dialog
 * MESSAGE from an authenticated user or a trunk goes where the routing rules say, as INVITE
 * does: to every contact of a registered user, or to the route's first trunk that is up. Each copy
 * is a new request (new Call-ID, tags, Via; the sender's user and display name at the gateway's
 * host; the body and the allow-listed headers), and the sender hears the first 2xx (200 or 202,
 * as it came) or, when every copy failed, the best failure.
 */
final class MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MessageHandler.class);

    private final SipContext sip;
    private final AuthenticationStage authentication;
    /** RFC 3261 8.2.2 and 16.3 as for a new INVITE: no hops left (483), an unknown Require (420). */
    private final NewCallValidity validity = new NewCallValidity(callId -> false);
    private final RouteTargets targets;
    private final RoutingTable routing;
    private final GatewayMetrics metrics;
    /** RFC 3428 section 7: a body larger than this is refused with 413. */
    private final int maxBody;

    MessageHandler(SipContext sip, CallerCheck callers, RouteTargets targets, RoutingTable routing,
            GatewayMetrics metrics, int maxBody) {
        this.sip = sip;
        this.authentication = new AuthenticationStage(callers, metrics);
        this.targets = targets;
        this.routing = routing;
        this.metrics = metrics;
        this.maxBody = maxBody;
    }

    void handle(RequestEvent event) throws ParseException {
        Request message = event.getRequest();
        StageResult valid = validity.check(message);
        if (valid instanceof Reply refusal) {
            refuse(NewCallValidity.STAGE, message, null, refusal);
            return;
        }
        byte[] body = message.getRawContent();
        if (body != null && body.length > maxBody) {
            refuse(Stage.SIZE_GRAMMAR, message, null, Reply.of(Response.REQUEST_ENTITY_TOO_LARGE));
            return;
        }
        SourceAddress source = SourceAddress.of(message);
        RoutingTable.Snapshot table = routing.current();
        CallerCheck.Caller caller = authentication.identify(message, source, table.trunks(),
                status -> metrics.message("refused"));
        if (caller == null) {
            return; // challenged or refused, statelessly
        }
        ServerTransaction st = sip.serverTransaction(event);
        if (st == null) {
            return; // a retransmission: its transaction answers it
        }
        if (!(message.getRequestURI() instanceof SipURI dialled) || dialled.getUser() == null) {
            refuse(Stage.ROUTING, message, st, Reply.of(Response.NOT_FOUND));
            return;
        }
        Evaluation routed = table.rules().evaluate(RoutingFacts.of(message, source, caller.trunk()),
                routing.environment());
        RouteTargets.Routed route = caller.peerNode() != null ? targets.forPeer(dialled)
                : targets.of(routed, dialled, table.trunks(), false);
        if (route.targets().isEmpty()) {
            refuse(Stage.ROUTING, message, st, Reply.of(route.status()));
            return;
        }
        Delivery delivery = new Delivery(message, st, route.targets().size());
        for (CallTarget target : route.targets()) {
            try {
                Request copy = copyFor(message, target, routed);
                sip.send(copy, target.hop(), delivery.new Copy());
            } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
                LOG.debug("MESSAGE to {} not sent: {}", target.hop().key(), e.toString());
                delivery.finished(Response.SERVICE_UNAVAILABLE);
            }
        }
    }

    private void refuse(Stage stage, Request message, ServerTransaction st, Reply reply) {
        metrics.message("refused");
        sip.replies.refuse(stage, message, st, reply);
    }

    /** The copy for one destination: nothing of the sender's topology, its words and its name only. */
    private Request copyFor(Request in, CallTarget target, Evaluation routed)
            throws ParseException, InvalidArgumentException {
        Request out = sip.messages.createRequest(target.requestUri(), Request.MESSAGE,
                sip.headers.createCallIdHeader(sip.newCallId()),
                sip.headers.createCSeqHeader(1L, Request.MESSAGE),
                sip.headers.createFromHeader(sip.originator(in, target.hop()), sip.newTag()),
                sip.headers.createToHeader(sip.addresses.createAddress(target.toUri()), null),
                List.of(sip.via(target.hop())),
                sip.headers.createMaxForwardsHeader(Capabilities.maxForwards(in) - 1));
        sip.copyRequestHeaders(in, out);
        HeaderPolicy.applyEdits(routed.headers(), out, sip.headers);
        HeaderPolicy.copyBody(in, out);
        return out;
    }

    /** One MESSAGE on its way to its destinations; the sender is answered once. */
    private final class Delivery {
        private final Request message;
        private final ServerTransaction st;
        private int pending;
        private int bestFailure;
        private boolean answered;

        Delivery(Request message, ServerTransaction st, int copies) {
            this.message = message;
            this.st = st;
            this.pending = copies;
        }

        synchronized void finished(int status) {
            if (answered) {
                return;
            }
            if (status >= 200 && status < 300) {
                answered = true;
                metrics.message("delivered");
                sip.replies.answer(message, st, status, null); // 200 or 202, as the recipient said
                return;
            }
            if (FailureMapping.better(status, bestFailure)) {
                bestFailure = status;
            }
            if (--pending == 0) {
                answered = true;
                metrics.message("failed");
                sip.replies.answer(message, st, FailureMapping.towardsCaller(bestFailure), null);
            }
        }

        /** The answers of one copy. */
        final class Copy implements PendingRequest {
            @Override
            public void onResponse(ResponseEvent event) {
                int status = event.getResponse().getStatusCode();
                if (status >= 200) {
                    finished(status);
                }
            }

            @Override
            public void onTimeout() {
                finished(Response.REQUEST_TIMEOUT);
            }
        }
    }
}
