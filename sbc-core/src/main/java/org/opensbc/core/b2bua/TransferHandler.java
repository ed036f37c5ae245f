package org.opensbc.core.b2bua;

import org.opensbc.core.call.FailureMapping;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.opensbc.core.config.GatewayConfig;
import org.opensbc.core.routing.RoutingTable;
import org.opensbc.rules.Evaluation;
import org.opensbc.rules.RequestFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transfers the gateway carries out itself (RFC 3515 REFER, RFC 5589): when the transferee is a
 * browser (it may not handle REFER, and its page decides nothing about where calls go), or the
 * REFER asks to replace a dialog (attended transfer, RFC 3891: only the gateway knows both calls),
 * or the operator wants every transfer done here. The REFER is accepted (202), the target is
 * called on the transferee's behalf without SDP (blind), or re-INVITEd without SDP on its call
 * with the transferor (attended), and its progress is told to the transferor in NOTIFYs; the
 * target's answer is joined to the transferee by {@link TransferJoin}.
 */
final class TransferHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TransferHandler.class);

    /** calls.transferMode: who carries out a REFER. */
    enum Mode {
        /** The gateway for browsers and attended transfers, the transferee itself otherwise. */
        AUTO,
        /** Always the gateway. */
        GATEWAY,
        /** Always the transferee (the REFER is relayed, its headers cleaned); attended ones become blind. */
        RELAY;

        static Mode parse(String text) {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final SipContext sip;
    private final CallRegistry calls;
    private final RouteTargets targets;
    private final RoutingTable routing;
    private final TransferJoin join;
    private final ScheduledExecutorService scheduler;
    private final GatewayConfig.Calls config;
    private final Mode mode;

    TransferHandler(SipContext sip, CallRegistry calls, RouteTargets targets, RoutingTable routing, TransferJoin join,
            ScheduledExecutorService scheduler, GatewayConfig.Calls config) {
        this.sip = sip;
        this.calls = calls;
        this.targets = targets;
        this.routing = routing;
        this.join = join;
        this.scheduler = scheduler;
        this.config = config;
        this.mode = Mode.parse(config.transferMode());
    }

    /** True when the gateway carries out this REFER (then {@link #onRefer} answers it). */
    boolean handles(CallLeg transferor, Request refer) {
        CallLeg transferee = transferor.call.peerOf(transferor);
        return switch (mode) {
            case GATEWAY -> true;
            case RELAY -> false;
            case AUTO -> transferee.hop().isWebSocket() || replaces(refer) != null;
        };
    }

    /** A REFER on {@code transferor}'s dialog of an answered call. Caller holds the call's monitor. */
    void onRefer(CallLeg transferor, Request refer, ServerTransaction st) {
        Call call = transferor.call;
        CallLeg transferee = call.peerOf(transferor);
        Address target;
        try {
            javax.sip.header.Header referTo = refer.getHeader("Refer-To");
            String value = referTo == null ? "" : referTo.toString().substring(referTo.toString().indexOf(':') + 1).trim();
            target = sip.addresses.createAddress(value);
        } catch (ParseException | RuntimeException e) {
            sip.replies.answer(refer, st, Response.BAD_REQUEST, "Bad Refer-To");
            return;
        }
        if (!(target.getURI() instanceof SipURI uri) || uri.getUser() == null) {
            sip.replies.answer(refer, st, Response.UNSUPPORTED_URI_SCHEME, null);
            return;
        }
        if (call.transferring()) {
            sip.replies.answer(refer, st, Response.REQUEST_PENDING, null);
            return;
        }
        try {
            Response accepted = sip.replies.create(refer, Response.ACCEPTED, null);
            accepted.setHeader(sip.contact(transferor.hop()));
            st.sendResponse(accepted);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("call {}: 202 to REFER not sent: {}", call.id, e.toString());
            return;
        }
        TransferNotifier notifier = new TransferNotifier(sip, transferor, TransferNotifier.cseqOf(refer));
        notifier.progress(Response.TRYING, "Trying");
        String[] replaces = replaces(refer);
        Attempt attempt = new Attempt(call, transferor, transferee, notifier);
        call.transferStarted(attempt);
        if (replaces != null) {
            attempt.replace(replaces);
        } else {
            attempt.call(uri);
        }
    }

    /**
     * The dialog an attended transfer replaces: Call-ID, to-tag and from-tag of the Replaces
     * header embedded in Refer-To, or null for a blind transfer.
     */
    static String[] replaces(Request refer) {
        javax.sip.header.Header referTo = refer.getHeader("Refer-To");
        if (referTo == null) {
            return null;
        }
        String text = referTo.toString();
        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("replaces=");
        if (at < 0) {
            return null;
        }
        String value = text.substring(at + "replaces=".length());
        int end = value.indexOf('&') >= 0 ? value.indexOf('&') : value.indexOf('>') >= 0 ? value.indexOf('>') : value.length();
        String decoded = URLDecoder.decode(value.substring(0, end).replace("+", "%2B"), StandardCharsets.UTF_8);
        String callId = decoded.split(";")[0].trim();
        String toTag = null;
        String fromTag = null;
        for (String param : decoded.split(";")) {
            String p = param.trim();
            if (p.startsWith("to-tag=")) {
                toTag = p.substring(7);
            } else if (p.startsWith("from-tag=")) {
                fromTag = p.substring(9);
            }
        }
        return callId.isEmpty() ? null : new String[] {callId, toTag, fromTag};
    }

    /** One transfer in progress: the target being reached, and what the transferor is told. */
    private final class Attempt {
        final Call call;
        final CallLeg transferor;
        final CallLeg transferee;
        final TransferNotifier notifier;
        final List<Fork> forks = new ArrayList<>();
        int bestFailure;
        boolean done;
        ScheduledFuture<?> ringTimer;

        Attempt(Call call, CallLeg transferor, CallLeg transferee, TransferNotifier notifier) {
            this.call = call;
            this.transferor = transferor;
            this.transferee = transferee;
            this.notifier = notifier;
        }

        /** Blind: the target is called as the transferee would call it, routed by the rules. */
        void call(SipURI referTo) {
            String transfereeIdentity = transferee.isCaller() ? call.callerIdentity : call.calleeIdentity;
            String[] who = transfereeIdentity.split("@", 2);
            RoutingTable.Snapshot table = routing.current();
            RequestFacts facts = RequestFacts.builder(Request.INVITE)
                    .source(transferee.hop().host(), transferee.hop().transport())
                    .trunk(transferee.trunk() == null ? "" : transferee.trunk().name())
                    .authenticated(true)
                    .request(referTo.getUser(), referTo.getHost())
                    .to(referTo.getUser(), referTo.getHost())
                    .from(who[0], who.length > 1 ? who[1] : sip.host)
                    .build();
            Evaluation routed = table.rules().evaluate(facts, routing.environment());
            RouteTargets.Routed route;
            try {
                route = targets.of(routed, referTo, table.trunks(), true);
            } catch (ParseException | RuntimeException e) {
                route = RouteTargets.Routed.refused(Response.SERVER_INTERNAL_ERROR, null);
            }
            if (route.targets().isEmpty()) {
                fail(route.status());
                return;
            }
            String identity = routed.requestUser() + "@" + referTo.getHost();
            for (CallTarget target : route.targets()) {
                try {
                    Request invite = invite(target, who[0], who.length > 1 ? who[1] : null);
                    target.hop().applyTo(invite);
                    ClientTransaction ct = sip.provider.getNewClientTransaction(invite);
                    Dialog dialog = sip.provider.getNewDialog(ct);
                    Fork fork = new Fork(target, invite, dialog, identity, null);
                    ct.setApplicationData(fork);
                    forks.add(fork);
                    ct.sendRequest();
                } catch (ParseException | InvalidArgumentException | SipException | RuntimeException e) {
                    LOG.debug("call {}: transfer INVITE to {} not sent: {}", call.id, target.hop().key(), e.toString());
                    target.releaseTrunk();
                }
            }
            if (forks.isEmpty()) {
                fail(Response.SERVICE_UNAVAILABLE);
                return;
            }
            ringTimer = scheduler.schedule(this::ringTimeout, config.ringTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Attended: the transferor's other call, to the target, is re-INVITEd without SDP on the target's side. */
        void replace(String[] replaces) {
            CallLeg replaced = find(replaces);
            if (replaced == null || replaced.call == call) {
                fail(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                return;
            }
            CallLeg target = replaced.call.peerOf(replaced);
            synchronized (replaced.call) {
                if (!replaced.call.isUp() || target == null || target.isMoved()) {
                    fail(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                    return;
                }
                try {
                    Request reinvite = target.dialog().createRequest(Request.INVITE);
                    reinvite.setHeader(sip.contact(target.hop()));
                    Capabilities.addAllow(reinvite, sip.headers);
                    String identity = target.isCaller() ? replaced.call.callerIdentity : replaced.call.calleeIdentity;
                    Fork fork = new Fork(null, target.invite(), target.dialog(), identity, target);
                    forks.add(fork);
                    sip.sendInDialog(target.dialog(), reinvite, target.hop(), fork);
                } catch (ParseException | SipException | RuntimeException e) {
                    LOG.debug("call {}: re-INVITE for the attended transfer not sent: {}", call.id, e.toString());
                    forks.clear();
                    fail(Response.SERVICE_UNAVAILABLE);
                }
            }
        }

        /** The leg, in another call, whose dialog the Replaces names (as the transferor sees it). */
        private CallLeg find(String[] replaces) {
            for (Call other : calls.snapshot()) {
                for (CallLeg leg : new CallLeg[] {other.caller, other.callee()}) {
                    if (leg != null && !leg.isMoved() && leg.dialog() != null && replaces[0].equals(leg.dialog().getCallId().getCallId())
                            && tagsMatch(leg.dialog(), replaces[1], replaces[2])) {
                        return leg;
                    }
                }
            }
            return null;
        }

        private boolean tagsMatch(Dialog dialog, String toTag, String fromTag) {
            // the transferor's from-tag is its own (our remote tag); its to-tag is ours (our local tag)
            return (fromTag == null || fromTag.equals(dialog.getRemoteTag()))
                    && (toTag == null || toTag.equals(dialog.getLocalTag()));
        }

        private Request invite(CallTarget target, String transfereeUser, String transfereeDomain)
                throws ParseException, InvalidArgumentException {
            Request out = sip.messages.createRequest(target.requestUri(), Request.INVITE,
                    sip.headers.createCallIdHeader(sip.newCallId()),
                    sip.headers.createCSeqHeader(1L, Request.INVITE),
                    sip.headers.createFromHeader(sip.addresses.createAddress(
                            sip.addresses.createSipURI(transfereeUser, sip.ownDomainOr(transfereeDomain, target.hop()))), sip.newTag()),
                    sip.headers.createToHeader(sip.addresses.createAddress(target.toUri()), null),
                    List.of(sip.via(target.hop())),
                    sip.headers.createMaxForwardsHeader(70));
            out.addHeader(sip.contact(target.hop()));
            Capabilities.addTo(out, sip.headers, false);
            return out; // no SDP: the target offers (RFC 3725 flow III), then the transferee answers
        }

        void responded(Fork fork, Response response) {
            synchronized (call) {
                int status = response.getStatusCode();
                if (done || !call.isUp()) {
                    if (status >= 200 && status < 300 && fork.existing == null) {
                        join.abandonTarget(fork.target(response), null); // too late: another fork, or the call went
                    }
                    return;
                }
                if (status < 200) {
                    fork.rang();
                    if (status > 100) {
                        notifier.progress(status, response.getReasonPhrase());
                    }
                    return;
                }
                fork.finish();
                if (status < 300) {
                    done = true;
                    cancelTimer();
                    forks.stream().filter(f -> f != fork && !f.finished).forEach(this::cancel);
                    call.transferOver();
                    join.start(call, transferor, transferee, fork.target(response), notifier);
                    return;
                }
                if (fork.target != null) {
                    fork.target.releaseTrunk();
                }
                if (FailureMapping.better(status, bestFailure)) {
                    bestFailure = status;
                }
                if (forks.stream().allMatch(f -> f.finished)) {
                    fail(bestFailure);
                }
            }
        }

        void ringTimeout() {
            synchronized (call) {
                if (!done) {
                    forks.stream().filter(f -> !f.finished).forEach(this::cancel);
                    fail(Response.TEMPORARILY_UNAVAILABLE);
                }
            }
        }

        private void cancel(Fork fork) {
            fork.finish();
            if (fork.existing != null || !fork.provisional) {
                return; // a re-INVITE is let run out; a fork without provisional cannot be CANCELled yet
            }
            try {
                ClientTransaction ct = (ClientTransaction) fork.dialog.getFirstTransaction();
                sip.send(ct.createCancel(), fork.targetHop(), null);
            } catch (SipException | RuntimeException e) {
                LOG.debug("call {}: transfer CANCEL failed: {}", call.id, e.toString());
            }
            if (fork.target != null) {
                fork.target.releaseTrunk();
            }
        }

        private void cancelTimer() {
            if (ringTimer != null) {
                ringTimer.cancel(false);
            }
        }

        private void fail(int status) {
            done = true;
            cancelTimer();
            call.transferOver();
            int shown = FailureMapping.towardsCaller(status == 0 ? Response.SERVER_INTERNAL_ERROR : status);
            LOG.info("call {}: transfer failed: {}", call.id, shown);
            notifier.progress(shown, "Transfer Failed");
        }

        /** One destination of the transfer: a new INVITE (blind) or a re-INVITE on an existing leg (attended). */
        private final class Fork implements PendingRequest {
            final CallTarget target;
            final Request invite;
            final Dialog dialog;
            final String identity;
            final CallLeg existing;
            boolean provisional;
            boolean finished;

            Fork(CallTarget target, Request invite, Dialog dialog, String identity, CallLeg existing) {
                this.target = target;
                this.invite = invite;
                this.dialog = dialog;
                this.identity = identity;
                this.existing = existing;
            }

            NextHop targetHop() {
                return existing != null ? existing.hop() : target.hop();
            }

            /** A provisional came: the INVITE may be CANCELled from now on (RFC 3261 9.1). */
            void rang() {
                provisional = true;
            }

            void finish() {
                finished = true;
            }

            TransferTarget target(Response ok) {
                return new TransferTarget(dialog, ok, targetHop(), invite, identity, existing, target);
            }

            @Override
            public void onResponse(ResponseEvent event) {
                responded(this, event.getResponse());
            }

            @Override
            public void onTimeout() {
                synchronized (call) {
                    if (!finished) {
                        finished = true;
                        if (target != null) {
                            target.releaseTrunk();
                        }
                        if (FailureMapping.better(Response.REQUEST_TIMEOUT, bestFailure)) {
                            bestFailure = Response.REQUEST_TIMEOUT;
                        }
                        if (!done && forks.stream().allMatch(f -> f.finished)) {
                            fail(bestFailure);
                        }
                    }
                }
            }
        }
    }
}
